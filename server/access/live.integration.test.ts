/**
 * access.changes end to end: real sessions, the WebSocket endpoint, the outbox relay and Redis.
 * A member learns their new permissions when their roles change; a member of another org hears
 * nothing.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startLiveServer, subscriberCount, waitFor, type LiveServer } from '../../test/live';
import { type TestUser } from '../activity/testFixtures';
import { personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from '../roles/testFixtures';
import type { AppRouter } from '../trpc/router';
import { and, eq } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { recordEvent } from '../realtime/outbox';
import { withTenant } from '../tenancy/withTenant';
import type { AccessState } from './live';

let live: LiveServer;

type Subscriber = { states: AccessState[]; errors: TRPCClientErrorLike<AppRouter>[]; stop: () => void };

function subscribe(user: TestUser, orgSlug: string): Subscriber {
  const client = live.clientFor(user.cookie);
  const states: AccessState[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = client.access.changes.subscribe(
    { orgSlug },
    { onData: (state) => states.push(state), onError: (error) => errors.push(error) },
  );
  return { states, errors, stop: () => subscription.unsubscribe() };
}

let orgA: RolesTestOrg;
let orgB: RolesTestOrg;
let memberA: Person;
let memberB: Person;

beforeAll(async () => {
  live = await startLiveServer();
  [orgA, orgB] = await Promise.all([rolesTestOrg('access-a'), rolesTestOrg('access-b')]);
  [memberA, memberB] = await Promise.all([
    personIn(orgA, 'access-a-member', 'member'),
    personIn(orgB, 'access-b-member', 'member'),
  ]);
});

afterAll(async () => {
  await live.close();
});

describe('access.changes', () => {
  it("sends a member their new permissions when their roles change, and nothing to another org's member", async () => {
    const mine = subscribe(memberA, orgA.slug);
    const outsider = subscribe(memberB, orgB.slug);
    try {
      await waitFor(
        async () =>
          (await subscriberCount(orgA.orgId, 'access')) > 0 && (await subscriberCount(orgB.orgId, 'access')) > 0,
      );
      const adminId = await systemRoleId(orgA.orgId, 'admin');
      await orgA.ownerPerson.caller.roles.setMemberRoles({
        orgSlug: orgA.slug,
        membershipId: memberA.membershipId,
        roleIds: [adminId],
      });
      await waitFor(() => mine.states.length > 0);
      await sleep(300);

      expect(mine.states).toHaveLength(1);
      expect(mine.states[0]?.active).toBe(true);
      expect(mine.states[0]?.permissions).toContain('roles:manage');
      expect(outsider.states).toEqual([]);
      expect([...mine.errors, ...outsider.errors]).toEqual([]);
    } finally {
      mine.stop();
      outsider.stop();
    }
  });

  it('tells the holders of a role when the role itself is edited, and again when it is deleted with reassignment', async () => {
    const owner = orgA.ownerPerson;
    const holder = await personIn(orgA, 'access-a-holder', 'viewer');
    const viewerId = await systemRoleId(orgA.orgId, 'viewer');
    const custom = await owner.caller.roles.create({ orgSlug: orgA.slug, name: 'Auditor', permissions: ['org:read'] });
    await owner.caller.roles.setMemberRoles({
      orgSlug: orgA.slug,
      membershipId: holder.membershipId,
      roleIds: [custom.id],
    });
    const mine = subscribe(holder, orgA.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId, 'access')) > 0);
      await owner.caller.roles.update({
        orgSlug: orgA.slug,
        roleId: custom.id,
        version: custom.version,
        name: 'Auditor',
        permissions: ['org:read', 'billing:read'],
      });
      await waitFor(() => mine.states.length === 1);
      expect(mine.states[0]).toMatchObject({ active: true, permissions: ['billing:read', 'org:read'] });

      await owner.caller.roles.delete({ orgSlug: orgA.slug, roleId: custom.id, reassignToRoleId: viewerId });
      await waitFor(() => mine.states.length === 2);
      expect(mine.states[1]?.permissions).toContain('roles:read');
      expect(mine.states[1]?.permissions).not.toContain('billing:read');
      expect(mine.errors).toEqual([]);
    } finally {
      mine.stop();
    }
  });

  it('tells the holders of a role when only a condition on one of its grants changes', async () => {
    const owner = orgA.ownerPerson;
    const holder = await personIn(orgA, 'access-a-regional', 'viewer');
    const regional = await owner.caller.roles.create({
      orgSlug: orgA.slug,
      name: 'Regional reader',
      grants: [{ permission: 'org:read' }, { permission: 'users:read', condition: 'resource.region == "eu"' }],
    });
    await owner.caller.roles.setMemberRoles({
      orgSlug: orgA.slug,
      membershipId: holder.membershipId,
      roleIds: [regional.id],
    });
    const mine = subscribe(holder, orgA.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId, 'access')) > 0);
      await sleep(300);
      expect(mine.states).toEqual([]);
      await owner.caller.roles.update({
        orgSlug: orgA.slug,
        roleId: regional.id,
        version: regional.version,
        name: 'Regional reader',
        grants: [{ permission: 'org:read' }, { permission: 'users:read', condition: 'resource.region == "us"' }],
      });
      await waitFor(() => mine.states.length === 1);
      // The same permission names: what changed is the condition, and the member hears of it.
      expect(mine.states[0]?.permissions).toEqual(['org:read', 'users:read']);
      expect(mine.states[0]?.conditionsDigest).not.toBe('');

      await owner.caller.roles.update({
        orgSlug: orgA.slug,
        roleId: regional.id,
        version: regional.version + 1,
        name: 'Regional reader',
        grants: [{ permission: 'org:read' }, { permission: 'users:read' }],
      });
      await waitFor(() => mine.states.length === 2);
      expect(mine.states[1]?.permissions).toEqual(['org:read', 'users:read']);
      expect(mine.states[1]?.conditionsDigest).not.toBe(mine.states[0]?.conditionsDigest);
      expect(mine.errors).toEqual([]);
    } finally {
      mine.stop();
    }
  });

  it('tells a member holding a conditional grant when their own region changes', async () => {
    const owner = orgA.ownerPerson;
    const holder = await personIn(orgA, 'access-a-mover', 'viewer');
    const regional = await owner.caller.roles.create({
      orgSlug: orgA.slug,
      name: 'Home region reader',
      grants: [
        { permission: 'org:read' },
        { permission: 'users:read', condition: 'resource.region == principal.region' },
      ],
    });
    await owner.caller.roles.setMemberRoles({
      orgSlug: orgA.slug,
      membershipId: holder.membershipId,
      roleIds: [regional.id],
    });
    const mine = subscribe(holder, orgA.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId, 'access')) > 0);
      // What the members service does when an admin edits a profile: attributes, then the event.
      await withTenant(orgA.orgId, { type: 'user', userId: owner.userId }, async (tx) => {
        await tx
          .update(memberships)
          .set({ attributes: { region: 'eu' } })
          .where(and(eq(memberships.orgId, orgA.orgId), eq(memberships.id, holder.membershipId)));
        await recordEvent(tx, {
          orgId: orgA.orgId,
          topic: 'access',
          type: 'access.changed',
          actorUserId: owner.userId,
          data: { membershipIds: [holder.membershipId] },
        });
      });
      await waitFor(() => mine.states.length === 1);
      expect(mine.states[0]).toMatchObject({ active: true, permissions: ['org:read', 'users:read'] });
      expect(mine.errors).toEqual([]);
    } finally {
      mine.stop();
    }
  });

  it('refuses a non-member with NOT_FOUND', async () => {
    const stranger = subscribe(memberB, orgA.slug);
    try {
      await waitFor(() => stranger.errors.length > 0);
      expect(stranger.errors[0]?.data?.code).toBe('NOT_FOUND');
    } finally {
      stranger.stop();
    }
  });
});
