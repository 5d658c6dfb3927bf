/**
 * roles.changes end to end: real sessions, the WebSocket endpoint, the outbox relay and Redis.
 * An admin with a role's editor open hears when another admin saves it — who, the new version,
 * what changed and the role as it now stands — and when it is deleted; a change made before the
 * editor subscribed is reported at once; changes to other roles are not.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startLiveServer, subscriberCount, waitFor, type LiveServer } from '../../test/live';
import type { AppRouter } from '../trpc/router';
import type { RoleChange } from './roleChanges';
import { personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from './testFixtures';

let live: LiveServer;
let org: RolesTestOrg;
let other: RolesTestOrg;
let alice: Person;
let bob: Person;

type Listener = { changes: RoleChange[]; errors: TRPCClientErrorLike<AppRouter>[]; stop: () => void };

function listen(person: Person, orgSlug: string, roleId: string, knownVersion: number): Listener {
  const changes: RoleChange[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = live
    .clientFor(person.cookie)
    .roles.changes.subscribe(
      { orgSlug, roleId, knownVersion },
      { onData: (change) => changes.push(change), onError: (error) => errors.push(error) },
    );
  return { changes, errors, stop: () => subscription.unsubscribe() };
}

async function createRole(name: string) {
  return org.ownerPerson.caller.roles.create({ orgSlug: org.slug, name, permissions: ['org:read'] });
}

beforeAll(async () => {
  live = await startLiveServer();
  [org, other] = await Promise.all([rolesTestOrg('role-live'), rolesTestOrg('role-live-other')]);
  [alice, bob] = await Promise.all([personIn(org, 'Alice', 'admin'), personIn(org, 'Bob', 'admin')]);
});

afterAll(async () => {
  await live.close();
});

describe('roles.changes', () => {
  it('tells an admin with the editor open who saved the role, the new version and what changed', async () => {
    const role = await createRole('Support lead');
    const otherRole = await createRole('Unrelated');
    const bobs = listen(bob, org.slug, role.id, role.version);
    try {
      await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) > 0);
      await alice.caller.roles.update({
        orgSlug: org.slug,
        roleId: otherRole.id,
        version: otherRole.version,
        name: 'Unrelated, renamed',
        permissions: ['org:read'],
      });
      const viewerId = await systemRoleId(org.orgId, 'viewer');
      await alice.caller.roles.update({
        orgSlug: org.slug,
        roleId: role.id,
        version: role.version,
        name: 'Support lead (EU)',
        description: 'Runs the EU desk',
        permissions: ['org:read', 'support:manage'],
        parentIds: [viewerId],
      });
      await waitFor(() => bobs.changes.length > 0);
      await sleep(300);

      expect(bobs.changes).toHaveLength(1);
      const change = bobs.changes[0]!;
      expect(change).toMatchObject({
        kind: 'updated',
        version: role.version + 1,
        by: { userId: alice.userId, name: alice.name },
        fields: ['name', 'description', 'permissions', 'parents'],
      });
      if (change.kind !== 'updated') throw new Error('expected an update');
      expect(change.role.name).toBe('Support lead (EU)');
      expect(change.role.permissions).toEqual(['org:read', 'support:manage']);
      expect(change.role.parents.map((p) => p.name)).toEqual(['Viewer']);
      expect(bobs.errors).toEqual([]);
    } finally {
      bobs.stop();
    }
  });

  it('reports at once a version saved before the editor subscribed, naming who saved it', async () => {
    const role = await createRole('Auditor');
    await alice.caller.roles.update({
      orgSlug: org.slug,
      roleId: role.id,
      version: role.version,
      name: 'Auditor',
      permissions: ['org:read', 'audit:read'],
    });
    const bobs = listen(bob, org.slug, role.id, role.version);
    try {
      await waitFor(() => bobs.changes.length > 0);
      expect(bobs.changes[0]).toMatchObject({
        kind: 'updated',
        version: role.version + 1,
        by: { name: alice.name },
        fields: ['permissions'],
      });
    } finally {
      bobs.stop();
    }
  });

  it('tells the editor when the role is deleted', async () => {
    const role = await createRole('Temporary');
    const bobs = listen(bob, org.slug, role.id, role.version);
    try {
      await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) > 0);
      await sleep(200);
      await alice.caller.roles.delete({ orgSlug: org.slug, roleId: role.id });
      await waitFor(() => bobs.changes.length > 0);
      expect(bobs.changes).toEqual([
        { kind: 'deleted', by: { userId: alice.userId, name: alice.name }, name: 'Temporary' },
      ]);
    } finally {
      bobs.stop();
    }
  });

  it('refuses someone who is not a member of the org with NOT_FOUND', async () => {
    const role = await createRole('Private');
    const stranger = listen(other.ownerPerson, org.slug, role.id, role.version);
    try {
      await waitFor(() => stranger.errors.length > 0);
      expect(stranger.errors[0]?.data?.code).toBe('NOT_FOUND');
      expect(stranger.changes).toEqual([]);
    } finally {
      stranger.stop();
    }
  });
});
