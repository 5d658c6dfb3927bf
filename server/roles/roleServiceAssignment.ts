/**
 * Which roles a member holds. A member keeps at least one role, the last active Owner keeps the
 * Owner role, nobody changes the roles of a member who holds more than they do, and nobody adds
 * or removes a role that grants more than they hold themselves (actorPower.ts).
 * Runs under the org's role-graph lock, so two admins demoting the last two Owners at the same
 * moment cannot both succeed.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { memberRoles, memberships, users } from '../../db/schema';
import { AppError } from '../errors';
import { holdsMemberManagement, otherActiveManagerExists } from '../members/guards';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { loadRoleGraph, lockRoleGraph, type StoredRole } from '../authz/effectivePermissions';
import { resolveEffectiveGrants } from '../authz/roleGraph';
import type { MemberRoles, SetMemberRolesInput } from './roleSchemas';
import { assertActorHolds, assertMayActOnMember, type RoleActor } from '../authz/actorPower';
import { requireRole } from './roleService';
import { getMemberRoles } from './roleServiceQueries';

async function otherActiveOwners(tx: Tx, orgId: string, ownerRoleId: string, membershipId: string): Promise<number> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberRoles)
    .innerJoin(memberships, and(eq(memberships.orgId, memberRoles.orgId), eq(memberships.id, memberRoles.membershipId)))
    .where(
      and(
        eq(memberRoles.orgId, orgId),
        eq(memberRoles.roleId, ownerRoleId),
        eq(memberships.status, 'active'),
        ne(memberships.id, membershipId),
      ),
    )
    .limit(1);
  return rows.length;
}

const names = (list: readonly StoredRole[]) => list.map((r) => r.name);

export async function setMemberRoles(tx: Tx, actor: RoleActor, input: SetMemberRolesInput): Promise<MemberRoles> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const [member] = await tx
    .select({ id: memberships.id, status: memberships.status, userId: memberships.userId, name: users.name })
    .from(memberships)
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, input.membershipId)));
  if (!member) throw new AppError('MEMBER_NOT_FOUND');

  const graph = await loadRoleGraph(tx, orgId);
  const wanted = [...new Set(input.roleIds)].map((id) => requireRole(graph, id));
  const heldIds = (
    await tx
      .select({ roleId: memberRoles.roleId })
      .from(memberRoles)
      .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, member.id)))
  ).map((row) => row.roleId);
  const added = wanted.filter((role) => !heldIds.includes(role.id));
  const removed = heldIds.filter((id) => !wanted.some((role) => role.id === id)).map((id) => requireRole(graph, id));
  if (added.length === 0 && removed.length === 0) return getMemberRoles(tx, orgId, member.id);

  await assertMayActOnMember(tx, actor, member.id, `change the roles of ${member.name ?? 'this member'}`);
  const resolved = resolveEffectiveGrants(graph);
  for (const role of [...added, ...removed]) {
    assertActorHolds(
      actor,
      resolved.get(role.id) ?? new Map(),
      `${added.includes(role) ? 'give' : 'take away'} ${role.name}`,
    );
  }
  const owner = removed.find((role) => role.systemKey === 'owner');
  if (owner && member.status === 'active' && (await otherActiveOwners(tx, orgId, owner.id, member.id)) === 0) {
    throw new AppError('LAST_OWNER', { field: 'roleIds' });
  }
  // The last active member who can manage members keeps that permission (unconditionally held).
  const keepsManagement = wanted.some((role) => resolved.get(role.id)?.get('users:manage')?.length === 0);
  if (
    member.status === 'active' &&
    !keepsManagement &&
    (await holdsMemberManagement(tx, orgId, member.id)) &&
    !(await otherActiveManagerExists(tx, orgId, member.id))
  ) {
    throw new AppError('LAST_MANAGER', { field: 'roleIds' });
  }

  if (removed.length > 0) {
    await tx.delete(memberRoles).where(
      and(
        eq(memberRoles.orgId, orgId),
        eq(memberRoles.membershipId, member.id),
        inArray(
          memberRoles.roleId,
          removed.map((role) => role.id),
        ),
      ),
    );
  }
  if (added.length > 0) {
    await tx.insert(memberRoles).values(added.map((role) => ({ orgId, membershipId: member.id, roleId: role.id })));
  }
  const result = await getMemberRoles(tx, orgId, member.id);
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'member.roles_changed',
    actorUserId: actor.userId,
    data: {
      membershipId: member.id,
      userId: member.userId,
      memberName: member.name,
      roles: result.roles.map((role) => role.name),
      added: names(added),
      removed: names(removed),
    },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'access',
    type: 'access.changed',
    actorUserId: actor.userId,
    data: { membershipIds: [member.id] },
  });
  return result;
}
