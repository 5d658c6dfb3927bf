/**
 * Member lifecycle through the real procedure chain: attributes under optimistic concurrency and
 * manager rules, deactivation (sessions end, the access event names the member, sockets close on
 * every node), a member of another org keeps their sessions, reactivation, removal, ownership
 * transfer, and the protections: not yourself, not the last Owner, not the last manager.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg } from '../activity/testFixtures';
import {
  activityOf,
  callerFor,
  caught,
  personIn,
  rolesTestOrg,
  systemRoleId,
  type Person,
  type RolesTestOrg,
} from '../roles/testFixtures';
import { auditRowsOf } from '../audit/testFixtures';
import { subscribeOrg } from '../billing/testFixtures';
import { ALL_PERMISSIONS } from '../shared/permissions';
import { catalogueMessage } from '../errorCatalogue';
import { addMember } from '../orgs/members';
import { createBus, type Bus } from '../realtime/bus';
import { withTenant } from '../tenancy/withTenant';
import { createLiveSessionCheck } from '../auth/liveSessionCheck';
import { SESSION_ENDED_CHANNEL, SIGNED_OUT_CLOSE_CODE } from '../auth/sessionEnded';
import { trackSocketSessions } from '../http/socketSessions';
import { deactivateMember, removeMember, type MemberActor } from './lifecycle';
import { MEMBER_CONFLICT_MESSAGE } from './updateAttributes';

async function sessionCount(userId: string): Promise<number> {
  const [row] = await adminQuery<{ n: number }>('select count(*)::int as n from sessions where user_id = $1', [userId]);
  return row?.n ?? 0;
}

async function accessEvents(orgId: string, membershipId: string): Promise<number> {
  const rows = await adminQuery<{ data: { membershipIds?: string[] } }>(
    `select data from outbox where org_id = $1 and topic = 'access'`,
    [orgId],
  );
  return rows.filter((r) => r.data.membershipIds?.includes(membershipId)).length;
}

/** Stands in for a ws socket: the registry only listens for 'close' and calls close(code). */
function fakeSocket(): WebSocket & { closedWith: number | null } {
  const socket = new EventEmitter() as EventEmitter & { closedWith: number | null; close(code: number): void };
  socket.closedWith = null;
  socket.close = (code: number) => {
    socket.closedWith = code;
    socket.emit('close');
  };
  return socket as unknown as WebSocket & { closedWith: number | null };
}

async function until(check: () => boolean, timeoutMs = 12_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('member lifecycle', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let admin: Person;
  let bus: Bus;

  beforeAll(async () => {
    org = await rolesTestOrg('life');
    // More members than Free's five seats are reactivated here (seat limits: server/billing/).
    await subscribeOrg(org.orgId, 'enterprise');
    owner = org.ownerPerson;
    admin = await personIn(org, 'life-admin', 'admin');
    bus = createBus();
  });
  afterAll(async () => {
    await bus.close();
  });

  const slug = () => org.slug;

  it('edits attributes and manager; a stale save is refused with the current values', async () => {
    const person = await personIn(org, 'life-attrs', 'member');
    const before = await admin.caller.members.get({ orgSlug: slug(), membershipId: person.membershipId });
    const saved = await admin.caller.members.updateAttributes({
      orgSlug: slug(),
      membershipId: person.membershipId,
      version: before.version,
      department: '  Engineering ',
      region: 'eu-west',
      title: 'Staff Engineer',
      managerMembershipId: admin.membershipId,
    });
    expect(saved.changed).toEqual(['department', 'region', 'title', 'manager']);
    expect(saved.member).toMatchObject({
      attributes: { department: 'Engineering', region: 'eu-west', title: 'Staff Engineer' },
      manager: { membershipId: admin.membershipId, name: admin.name },
      version: before.version + 1,
    });
    // Conditions read the attributes: the member's page re-checks its access.
    expect(await accessEvents(org.orgId, person.membershipId)).toBe(1);

    const stale = await caught(
      owner.caller.members.updateAttributes({
        orgSlug: slug(),
        membershipId: person.membershipId,
        version: before.version,
        department: 'Sales',
        region: '',
        title: '',
        managerMembershipId: null,
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toBe(MEMBER_CONFLICT_MESSAGE);
    expect(stale.details?.current).toMatchObject({ attributes: { department: 'Engineering' }, version: 2 });

    const cleared = await owner.caller.members.updateAttributes({
      orgSlug: slug(),
      membershipId: person.membershipId,
      version: 2,
      department: '',
      region: 'eu-west',
      title: 'Staff Engineer',
      managerMembershipId: null,
    });
    expect(cleared.member.attributes.department).toBeNull();
    expect(cleared.member.manager).toBeNull();
    const [event] = (await activityOf(org.orgId, 'member.updated')).slice(-1);
    expect(event?.data).toMatchObject({ membershipId: person.membershipId, fields: ['department', 'manager'] });
  });

  it('refuses overlong or control-character attributes, self-management and manager loops', async () => {
    const a = await personIn(org, 'life-a', 'member');
    const b = await personIn(org, 'life-b', 'member');
    const base = { orgSlug: slug(), department: '', region: '', title: '' };
    const tooLong = await caught(
      admin.caller.members.updateAttributes({
        ...base,
        membershipId: a.membershipId,
        version: 1,
        title: 'x'.repeat(101),
        managerMembershipId: null,
      }),
    );
    expect(tooLong.code).toBe('BAD_REQUEST');
    const self = await caught(
      admin.caller.members.updateAttributes({
        ...base,
        membershipId: a.membershipId,
        version: 1,
        managerMembershipId: a.membershipId,
      }),
    );
    expect(self.message).toBe('A member cannot be their own manager');
    await admin.caller.members.updateAttributes({
      ...base,
      membershipId: b.membershipId,
      version: 1,
      managerMembershipId: a.membershipId,
    });
    const loop = await caught(
      admin.caller.members.updateAttributes({
        ...base,
        membershipId: a.membershipId,
        version: 1,
        managerMembershipId: b.membershipId,
      }),
    );
    expect(loop.code).toBe('BAD_REQUEST');
    expect(loop.message).toMatch(/reporting line would loop/);
    const other = await rolesTestOrg('life-other');
    const foreign = await caught(
      admin.caller.members.updateAttributes({
        ...base,
        membershipId: a.membershipId,
        version: 1,
        managerMembershipId: other.ownerPerson.membershipId,
      }),
    );
    expect(foreign.message).toBe('That manager is not a member here');
  });

  it('deactivating signs the member out, tells their page and closes their sockets after commit', async () => {
    const person = await personIn(org, 'life-deact', 'member');
    expect(await sessionCount(person.userId)).toBe(1);
    const sockets = trackSocketSessions({ bus, check: createLiveSessionCheck() });
    const socket = fakeSocket();
    const [session] = await adminQuery<{ id: string }>('select id from sessions where user_id = $1', [person.userId]);
    sockets.track({ userId: person.userId, sessionId: session!.id }, socket);
    const heard: string[] = [];
    const unsubscribe = await bus.subscribe(SESSION_ENDED_CHANNEL, (m) => heard.push(m));
    try {
      const result = await admin.caller.members.deactivate({ orgSlug: slug(), membershipId: person.membershipId });
      expect(result.sessionsRevoked).toBe(1);
      expect(result.member).toMatchObject({ status: 'deactivated', version: 2 });
      expect(result.member?.deactivatedAt).toBeInstanceOf(Date);
      expect(await sessionCount(person.userId)).toBe(0);
      expect(await accessEvents(org.orgId, person.membershipId)).toBe(1);
      const [event] = (await activityOf(org.orgId, 'member.deactivated')).filter(
        (e) => e.data.membershipId === person.membershipId,
      );
      expect(event).toMatchObject({ actor: admin.userId, data: { userId: person.userId, sessionsRevoked: 1 } });
      // Audited in the same transaction as the change, like every org mutation.
      const audited = (await auditRowsOf(org.orgId, 'members.deactivate')).filter(
        (row) => row.resource_id === person.membershipId,
      );
      expect(audited.map((row) => [row.outcome, row.actor_id])).toEqual([['success', admin.userId]]);
      await until(() => socket.closedWith !== null);
      expect(socket.closedWith).toBe(SIGNED_OUT_CLOSE_CODE);
      expect(sockets.count(person.userId)).toBe(0);
      expect(heard).toEqual([JSON.stringify({ userId: person.userId })]);
    } finally {
      unsubscribe();
      await sockets.close();
    }
    // Their cookie no longer signs them in.
    const fresh = await callerFor(person);
    expect((await caught(fresh.orgs.current({ orgSlug: slug() }))).code).toBe('UNAUTHORIZED');

    const again = await admin.caller.members.reactivate({ orgSlug: slug(), membershipId: person.membershipId });
    expect(again.member).toMatchObject({ status: 'active', deactivatedAt: null, version: 3 });
    expect(await accessEvents(org.orgId, person.membershipId)).toBe(2);
    expect((await activityOf(org.orgId, 'member.reactivated')).length).toBeGreaterThan(0);
  });

  it('a refused deactivation ends no session and closes no socket', async () => {
    const heard: string[] = [];
    const unsubscribe = await bus.subscribe(SESSION_ENDED_CHANNEL, (m) => heard.push(m));
    try {
      const refused = await caught(
        admin.caller.members.deactivate({ orgSlug: slug(), membershipId: owner.membershipId }),
      );
      expect(refused.code).toBe('FORBIDDEN');
      expect(await sessionCount(owner.userId)).toBeGreaterThan(0);
      const marker = await personIn(org, 'life-marker', 'viewer');
      await admin.caller.members.deactivate({ orgSlug: slug(), membershipId: marker.membershipId });
      await until(() => heard.length > 0);
      expect(heard).toEqual([JSON.stringify({ userId: marker.userId })]);
    } finally {
      unsubscribe();
    }
  });

  it('a member active in another org keeps their sessions, but loses this org', async () => {
    const person = await personIn(org, 'life-multi', 'member');
    const elsewhere = await createTestOrg('life-elsewhere');
    await withTenant(elsewhere.orgId, { type: 'user', userId: person.userId }, (tx) =>
      addMember(tx, { orgId: elsewhere.orgId, userId: person.userId, roleKey: 'viewer' }),
    );
    const result = await admin.caller.members.deactivate({ orgSlug: slug(), membershipId: person.membershipId });
    expect(result.sessionsRevoked).toBe(0);
    expect(await sessionCount(person.userId)).toBe(1);
    const refused = await caught(person.caller.orgs.current({ orgSlug: slug() }));
    expect(refused.code).toBe('FORBIDDEN');
    await expect(person.caller.orgs.current({ orgSlug: elsewhere.slug })).resolves.toMatchObject({
      org: { slug: elsewhere.slug },
    });
  });

  it('nobody deactivates or removes themselves', async () => {
    const deactivate = await caught(
      admin.caller.members.deactivate({ orgSlug: slug(), membershipId: admin.membershipId }),
    );
    expect(deactivate.code).toBe('BAD_REQUEST');
    expect(deactivate.message).toBe('You cannot deactivate yourself — ask another admin');
    const remove = await caught(admin.caller.members.remove({ orgSlug: slug(), membershipId: admin.membershipId }));
    expect(remove.message).toBe('You cannot remove yourself — ask another admin');
  });

  it('keeps the last active Owner', async () => {
    const small = await rolesTestOrg('life-small');
    const boss = small.ownerPerson;
    // Only someone holding every permission an Owner holds may act on one: a deputy with all of them.
    const helper = await personIn(small, 'life-helper', 'admin');
    const deputy = await boss.caller.roles.create({
      orgSlug: small.slug,
      name: 'Deputy',
      permissions: ALL_PERMISSIONS,
    });
    await boss.caller.roles.setMemberRoles({
      orgSlug: small.slug,
      membershipId: helper.membershipId,
      roleIds: [deputy.id],
    });
    const deactivate = await caught(
      helper.caller.members.deactivate({ orgSlug: small.slug, membershipId: boss.membershipId }),
    );
    expect(deactivate.code).toBe('CONFLICT');
    expect(deactivate.message).toBe(catalogueMessage('LAST_OWNER'));
    const remove = await caught(helper.caller.members.remove({ orgSlug: small.slug, membershipId: boss.membershipId }));
    expect(remove.message).toBe(catalogueMessage('LAST_OWNER'));
    expect((await helper.caller.members.get({ orgSlug: small.slug, membershipId: boss.membershipId })).status).toBe(
      'active',
    );
  });

  it('keeps the last active member who can manage members, in lifecycle and role changes', async () => {
    // An org whose Owner left the Owner role behind (as an IdP sync might): the Admin is the only
    // unconditional manager; a second person manages members only under a condition.
    const small = await rolesTestOrg('life-mgr');
    const boss = small.ownerPerson;
    const lead = await personIn(small, 'life-mgr-lead', 'admin');
    const conditional = await boss.caller.roles.create({
      orgSlug: small.slug,
      name: 'Conditional manager',
      permissions: ['org:read', 'users:read'],
      grants: [{ permission: 'users:manage', condition: 'principal.email != ""' }],
    });
    const cond = await personIn(small, 'life-mgr-cond', 'viewer');
    await boss.caller.roles.setMemberRoles({
      orgSlug: small.slug,
      membershipId: cond.membershipId,
      roleIds: [conditional.id],
    });
    const viewer = await systemRoleId(small.orgId, 'viewer');
    const owner = await systemRoleId(small.orgId, 'owner');
    await adminQuery('update member_roles set role_id = $3 where org_id = $1 and membership_id = $2 and role_id = $4', [
      small.orgId,
      boss.membershipId,
      viewer,
      owner,
    ]);

    // Through the procedures the conditional manager holds less than the Admin and is refused for that.
    const refused = await caught(
      cond.caller.members.deactivate({ orgSlug: small.slug, membershipId: lead.membershipId }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    // A caller whose power covers the Admin without managing members itself still meets the guard.
    const covering: MemberActor = {
      orgId: small.orgId,
      userId: cond.userId,
      membershipId: cond.membershipId,
      permissions: new Set(ALL_PERMISSIONS),
    };
    const deactivate = await caught(
      withTenant(small.orgId, { type: 'user', userId: cond.userId }, (tx) =>
        deactivateMember(tx, covering, lead.membershipId),
      ),
    );
    expect(deactivate.code).toBe('CONFLICT');
    expect(deactivate.message).toBe(catalogueMessage('LAST_MANAGER'));
    const remove = await caught(
      withTenant(small.orgId, { type: 'user', userId: cond.userId }, (tx) =>
        removeMember(tx, covering, lead.membershipId),
      ),
    );
    expect(remove.message).toBe(catalogueMessage('LAST_MANAGER'));

    const demote = await caught(
      lead.caller.roles.setMemberRoles({ orgSlug: small.slug, membershipId: lead.membershipId, roleIds: [viewer] }),
    );
    expect(demote.code).toBe('CONFLICT');
    expect(demote.message).toBe(catalogueMessage('LAST_MANAGER'));

    // With a second unconditional manager, both are allowed again.
    const other = await personIn(small, 'life-mgr-other', 'admin');
    await lead.caller.roles.setMemberRoles({ orgSlug: small.slug, membershipId: lead.membershipId, roleIds: [viewer] });
    await expect(
      withTenant(small.orgId, { type: 'user', userId: cond.userId }, (tx) =>
        deactivateMember(tx, covering, other.membershipId),
      ),
    ).rejects.toMatchObject({ message: catalogueMessage('LAST_MANAGER') });
  });

  it('removes a member: roles and teams go with the membership, the person is signed out', async () => {
    const person = await personIn(org, 'life-remove', 'member');
    const report = await personIn(org, 'life-report', 'member');
    await admin.caller.members.updateAttributes({
      orgSlug: slug(),
      membershipId: report.membershipId,
      version: 1,
      department: '',
      region: '',
      title: '',
      managerMembershipId: person.membershipId,
    });
    const teamId = randomUUID();
    await adminQuery('insert into teams (org_id, id, name) values ($1, $2, $3)', [org.orgId, teamId, `Team ${teamId}`]);
    await adminQuery('insert into team_members (org_id, team_id, membership_id) values ($1, $2, $3)', [
      org.orgId,
      teamId,
      person.membershipId,
    ]);

    const result = await admin.caller.members.remove({ orgSlug: slug(), membershipId: person.membershipId });
    expect(result).toEqual({ member: null, sessionsRevoked: 1 });
    expect(await sessionCount(person.userId)).toBe(0);
    const left = await adminQuery('select 1 from member_roles where membership_id = $1', [person.membershipId]);
    expect(left).toHaveLength(0);
    const teams = await adminQuery('select 1 from team_members where membership_id = $1', [person.membershipId]);
    expect(teams).toHaveLength(0);
    // Whoever reported to them now has no manager, rather than a dangling one.
    const orphan = await admin.caller.members.get({ orgSlug: slug(), membershipId: report.membershipId });
    expect(orphan.manager).toBeNull();
    expect((await caught(admin.caller.members.get({ orgSlug: slug(), membershipId: person.membershipId }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await accessEvents(org.orgId, person.membershipId)).toBeGreaterThan(0);
    const [event] = (await activityOf(org.orgId, 'member.removed')).filter(
      (e) => e.data.membershipId === person.membershipId,
    );
    expect(event?.data).toMatchObject({ memberName: person.name, sessionsRevoked: 1 });
  });

  it('transfers ownership: only an Owner, only to an active member, atomically', async () => {
    const shop = await rolesTestOrg('life-transfer');
    const boss = shop.ownerPerson;
    const heir = await personIn(shop, 'life-heir', 'member');
    const helper = await personIn(shop, 'life-transfer-admin', 'admin');
    const notOwner = await caught(
      helper.caller.members.transferOwnership({ orgSlug: shop.slug, membershipId: heir.membershipId }),
    );
    expect(notOwner.code).toBe('FORBIDDEN');
    expect(notOwner.message).toBe('Only an Owner can transfer ownership');

    const result = await boss.caller.members.transferOwnership({ orgSlug: shop.slug, membershipId: heir.membershipId });
    expect(result.newOwner.roles.map((r) => r.name).sort()).toEqual(['Member', 'Owner']);
    expect(result.previousOwner.roles.map((r) => r.name)).toEqual(['Admin']);
    expect((await heir.caller.orgs.current({ orgSlug: shop.slug })).roles).toContain('Owner');
    const [event] = await activityOf(shop.orgId, 'member.ownership_transferred');
    expect(event).toMatchObject({ actor: boss.userId, data: { membershipId: heir.membershipId } });
    expect(await accessEvents(shop.orgId, boss.membershipId)).toBeGreaterThan(0);

    const deactivated = await personIn(shop, 'life-gone', 'member');
    await heir.caller.members.deactivate({ orgSlug: shop.slug, membershipId: deactivated.membershipId });
    const toInactive = await caught(
      heir.caller.members.transferOwnership({ orgSlug: shop.slug, membershipId: deactivated.membershipId }),
    );
    expect(toInactive.message).toBe('Ownership can only go to an active member');
    // The previous Owner is an Admin now and cannot hand it on.
    expect(
      (await caught(boss.caller.members.transferOwnership({ orgSlug: shop.slug, membershipId: helper.membershipId })))
        .code,
    ).toBe('FORBIDDEN');
  });

  it('needs users:manage: a Viewer is FORBIDDEN, another org’s member id is NOT_FOUND', async () => {
    const viewer = await personIn(org, 'life-viewer', 'viewer');
    const target = await personIn(org, 'life-target', 'member');
    const forbidden = await caught(
      viewer.caller.members.deactivate({ orgSlug: slug(), membershipId: target.membershipId }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    const other = await rolesTestOrg('life-cross');
    const cross = await caught(
      admin.caller.members.deactivate({ orgSlug: slug(), membershipId: other.ownerPerson.membershipId }),
    );
    expect(cross.code).toBe('NOT_FOUND');
    expect(
      (
        await other.ownerPerson.caller.members.get({
          orgSlug: other.slug,
          membershipId: other.ownerPerson.membershipId,
        })
      ).status,
    ).toBe('active');
  });
});
