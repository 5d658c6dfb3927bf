/**
 * Acting on a member is bounded by your own power: every procedure that changes another member's
 * lifecycle, roles or attributes (and revoking an invitation, a member to be) × every pair of
 * system roles, through the real procedure chain. The expected table is derived from the role
 * definitions: allowed exactly when the actor passes the procedure's gate and holds every
 * permission the target holds.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { addTestMember } from '../activity/testFixtures';
import { subscribeOrg } from '../billing/testFixtures';
import type { Permission } from '../shared/permissions';
import { SYSTEM_ROLE_KEYS, SYSTEM_ROLES, type SystemRoleKey } from '../authz/systemRoles';
import {
  caught,
  membershipIdOf,
  personIn,
  rolesTestOrg,
  systemRoleId,
  type Person,
  type RolesTestOrg,
} from '../roles/testFixtures';
import { isAppError, type ErrorCode } from '../errors';

type Target = { membershipId: string; name: string; role: SystemRoleKey };
type Cell = 'allowed' | string;

const holds = (role: SystemRoleKey, permission: Permission) => SYSTEM_ROLES[role].permissions.includes(permission);
const lacking = (actor: SystemRoleKey, target: SystemRoleKey) =>
  SYSTEM_ROLES[target].permissions.filter((p) => !holds(actor, p)).sort();

/**
 * What the rule says, as the refusal's code: the gate's permission (PERMISSION_MISSING), then the
 * procedure's own rule (`extra`, refused with `extraCode`), then every permission of the target.
 */
function expected(
  gate: Permission,
  extra: (actor: SystemRoleKey) => boolean = () => true,
  extraCode: ErrorCode = 'FORBIDDEN',
) {
  return table((actor, target) => {
    if (!holds(actor, gate)) return 'PERMISSION_MISSING';
    if (!extra(actor)) return extraCode;
    return lacking(actor, target).length === 0 ? 'allowed' : 'EXCEEDS_OWN_PERMISSIONS';
  });
}

function table(cell: (actor: SystemRoleKey, target: SystemRoleKey) => Cell): Record<string, Cell> {
  return Object.fromEntries(
    SYSTEM_ROLE_KEYS.flatMap((actor) =>
      SYSTEM_ROLE_KEYS.map((target) => [`${actor} → ${target}`, cell(actor, target)]),
    ),
  );
}

async function outcome(work: Promise<unknown>): Promise<Cell> {
  try {
    await work;
    return 'allowed';
  } catch (error) {
    if (isAppError(error)) return error.appCode;
    throw error;
  }
}

describe('acting on a member is bounded by your own power', () => {
  let org: RolesTestOrg;
  const actors = {} as Record<SystemRoleKey, Person>;
  let readerRoleId: string;

  const slug = () => org.slug;

  async function target(role: SystemRoleKey): Promise<Target> {
    const user = await addTestMember(org, `power-${role}`, role);
    return { membershipId: await membershipIdOf(org.orgId, user.userId), name: user.name, role };
  }

  /** Runs `act` for every (actor role, target role) pair, each on a target made by `prepare`. */
  async function matrix(
    act: (actor: Person, target: Target) => Promise<unknown>,
    prepare: (role: SystemRoleKey) => Promise<Target> = target,
  ): Promise<Record<string, Cell>> {
    const cells: Record<string, Cell> = {};
    for (const actorRole of SYSTEM_ROLE_KEYS) {
      for (const targetRole of SYSTEM_ROLE_KEYS) {
        const subject = await prepare(targetRole);
        cells[`${actorRole} → ${targetRole}`] = await outcome(act(actors[actorRole], subject));
      }
    }
    return cells;
  }

  beforeAll(async () => {
    org = await rolesTestOrg('power');
    // Far more members than Free's five seats (seat limits: server/billing/).
    await subscribeOrg(org.orgId, 'enterprise');
    actors.owner = org.ownerPerson;
    for (const role of SYSTEM_ROLE_KEYS.filter((r) => r !== 'owner'))
      actors[role] = await personIn(org, `power-actor-${role}`, role);
    // Held by every system role, so adding it changes nobody's power.
    const reader = await org.ownerPerson.caller.roles.create({
      orgSlug: slug(),
      name: 'Reader',
      permissions: ['org:read'],
    });
    readerRoleId = reader.id;
  });

  it('deactivate', async () => {
    const cells = await matrix((actor, t) =>
      actor.caller.members.deactivate({ orgSlug: slug(), membershipId: t.membershipId }),
    );
    expect(cells).toEqual(expected('users:manage'));
  });

  it('reactivate', async () => {
    const deactivated = async (role: SystemRoleKey) => {
      const t = await target(role);
      await adminQuery(`update memberships set status = 'deactivated', deactivated_at = now() where id = $1`, [
        t.membershipId,
      ]);
      return t;
    };
    const cells = await matrix(
      (actor, t) => actor.caller.members.reactivate({ orgSlug: slug(), membershipId: t.membershipId }),
      deactivated,
    );
    expect(cells).toEqual(expected('users:manage'));
  });

  it('remove', async () => {
    const cells = await matrix((actor, t) =>
      actor.caller.members.remove({ orgSlug: slug(), membershipId: t.membershipId }),
    );
    expect(cells).toEqual(expected('users:manage'));
  });

  it('updateAttributes', async () => {
    const cells = await matrix((actor, t) =>
      actor.caller.members.updateAttributes({
        orgSlug: slug(),
        membershipId: t.membershipId,
        version: 1,
        department: 'Matrix',
        region: '',
        title: '',
        managerMembershipId: null,
      }),
    );
    expect(cells).toEqual(expected('users:manage'));
  });

  it('setMemberRoles', async () => {
    const cells = await matrix(async (actor, t) =>
      actor.caller.roles.setMemberRoles({
        orgSlug: slug(),
        membershipId: t.membershipId,
        roleIds: [await systemRoleId(org.orgId, t.role), readerRoleId],
      }),
    );
    expect(cells).toEqual(expected('roles:manage'));
  });

  it('transferOwnership (an Owner only, who holds everything)', async () => {
    // Handing over turns the acting Owner into an Admin: each Owner cell gets an Owner of its own.
    const cells = await matrix(async (actor, t) => {
      const acting = actor === actors.owner ? await personIn(org, 'power-handover', 'owner') : actor;
      return acting.caller.members.transferOwnership({ orgSlug: slug(), membershipId: t.membershipId });
    });
    expect(cells).toEqual(expected('users:manage', (actor) => actor === 'owner', 'OWNER_ONLY'));
  });

  it('invitations.revoke, by the roles the invitation grants', async () => {
    const invited = async (role: SystemRoleKey): Promise<Target> => {
      const email = `power-${role}-${randomUUID()}@example.test`;
      const { results } = await org.ownerPerson.caller.invitations.invite({
        orgSlug: slug(),
        emails: email,
        roleIds: [await systemRoleId(org.orgId, role)],
      });
      return { membershipId: results[0]!.invitationId!, name: email, role };
    };
    const cells = await matrix(
      (actor, t) => actor.caller.invitations.revoke({ orgSlug: slug(), invitationId: t.membershipId }),
      invited,
    );
    expect(cells).toEqual(expected('users:invite'));
  });

  it('members.get tells the page what of the member the caller lacks, so it offers no change the server refuses', async () => {
    const seen: Record<string, Cell> = {};
    for (const actorRole of SYSTEM_ROLE_KEYS) {
      for (const targetRole of SYSTEM_ROLE_KEYS) {
        const t = await target(targetRole);
        const member = await actors[actorRole].caller.members.get({ orgSlug: slug(), membershipId: t.membershipId });
        seen[`${actorRole} → ${targetRole}`] = member.permissionsYouLack.map((p) => p.key).join(',') || 'allowed';
      }
    }
    expect(seen).toEqual(table((actor, target) => lacking(actor, target).join(',') || 'allowed'));
    const owner = await target('owner');
    const admin = await actors.admin.caller.members.get({ orgSlug: slug(), membershipId: owner.membershipId });
    expect(admin.permissionsYouLack).toEqual([
      { key: 'billing:manage', description: 'Change plan and payment methods' },
    ]);
  });

  it('the refusal names the member and, in words, the permissions the actor lacks; nothing changes', async () => {
    const owner = await target('owner');
    const refused = await caught(
      actors.admin.caller.members.deactivate({ orgSlug: slug(), membershipId: owner.membershipId }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe(
      `You cannot deactivate ${owner.name}: they hold permissions you do not: Change plan and payment methods (billing:manage)`,
    );
    expect(refused.details).toEqual({ missingPermissions: lacking('admin', 'owner') });
    const roles = await caught(
      actors.admin.caller.roles.setMemberRoles({
        orgSlug: slug(),
        membershipId: owner.membershipId,
        roleIds: [readerRoleId],
      }),
    );
    expect(roles.message).toBe(
      `You cannot change the roles of ${owner.name}: they hold permissions you do not: Change plan and payment methods (billing:manage)`,
    );
    const member = await actors.admin.caller.members.get({ orgSlug: slug(), membershipId: owner.membershipId });
    expect(member).toMatchObject({ status: 'active', roles: [{ name: 'Owner' }] });

    const billing = await target('billing');
    const billingRefusal = await caught(
      actors.admin.caller.members.remove({ orgSlug: slug(), membershipId: billing.membershipId }),
    );
    expect(billingRefusal.details).toEqual({ missingPermissions: ['billing:manage'] });
  });

  it('a permission held only under a condition does not cover one held without', async () => {
    const limited = await org.ownerPerson.caller.roles.create({
      orgSlug: slug(),
      name: 'Office-hours admin',
      permissions: SYSTEM_ROLES.member.permissions,
      grants: [{ permission: 'users:manage', condition: 'principal.email != ""' }],
    });
    const actor = await personIn(org, 'power-conditional', 'viewer');
    await org.ownerPerson.caller.roles.setMemberRoles({
      orgSlug: slug(),
      membershipId: actor.membershipId,
      roleIds: [limited.id],
    });
    const peer = await target('viewer');
    await org.ownerPerson.caller.roles.setMemberRoles({
      orgSlug: slug(),
      membershipId: peer.membershipId,
      roleIds: [limited.id],
    });
    const member = await target('member');

    // Same conditional grant: covered. The plain Member: covered (the actor holds all of it).
    await expect(
      actor.caller.members.deactivate({ orgSlug: slug(), membershipId: peer.membershipId }),
    ).resolves.toBeDefined();
    await expect(
      actor.caller.members.deactivate({ orgSlug: slug(), membershipId: member.membershipId }),
    ).resolves.toBeDefined();
    // An Admin holds users:manage without conditions: not covered.
    const admin = await target('admin');
    const refused = await caught(
      actor.caller.members.deactivate({ orgSlug: slug(), membershipId: admin.membershipId }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect((refused.details as { missingPermissions: string[] }).missingPermissions).toContain('users:manage');
  });
});
