/**
 * Handing the organization over: an Owner makes another active member Owner and becomes Admin
 * themselves, in one transaction under the role-graph lock. Only someone holding the Owner
 * system role may do it (users:manage is the procedure's gate; an Admin holds that too).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { memberRoles, roles } from '../../db/schema';
import { assertMayActOnMember } from '../authz/actorPower';
import { lockRoleGraph } from '../authz/effectivePermissions';
import { catalogueMessage } from '../errorCatalogue';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { getMember } from './getMember';
import { holdsSystemRole, loadTarget } from './guards';
import type { MemberActor } from './lifecycle';
import type { MemberDetail } from '../shared/memberSchemas';

async function systemRoleIds(tx: Tx, orgId: string): Promise<{ owner: string; admin: string }> {
  const rows = await tx
    .select({ id: roles.id, systemKey: roles.systemKey })
    .from(roles)
    .where(and(eq(roles.orgId, orgId), inArray(roles.systemKey, ['owner', 'admin'])));
  const owner = rows.find((r) => r.systemKey === 'owner')?.id;
  const admin = rows.find((r) => r.systemKey === 'admin')?.id;
  if (!owner || !admin) throw new AppError('SYSTEM_ROLE_MISSING', 'The Owner and Admin roles do not exist here');
  return { owner, admin };
}

export async function transferOwnership(
  tx: Tx,
  actor: MemberActor,
  membershipId: string,
): Promise<{ newOwner: MemberDetail; previousOwner: MemberDetail }> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  if (!(await holdsSystemRole(tx, orgId, actor.membershipId, 'owner'))) {
    throw new AppError('OWNER_ONLY', { permission: 'users:manage', reason: catalogueMessage('OWNER_ONLY') });
  }
  const target = await loadTarget(tx, orgId, membershipId);
  if (target.id === actor.membershipId) {
    throw new AppError('INVALID_INPUT', 'You are already an Owner; choose another member', { field: 'membershipId' });
  }
  if (target.status !== 'active') {
    throw new AppError('INVALID_INPUT', 'Ownership can only go to an active member', { field: 'membershipId' });
  }
  // The rule for every action on a member; an Owner holds every permission, so it passes today.
  await assertMayActOnMember(tx, actor, target.id, `make ${target.name} Owner`);
  const ids = await systemRoleIds(tx, orgId);
  await tx.insert(memberRoles).values({ orgId, membershipId: target.id, roleId: ids.owner }).onConflictDoNothing();
  await tx
    .delete(memberRoles)
    .where(
      and(
        eq(memberRoles.orgId, orgId),
        eq(memberRoles.membershipId, actor.membershipId),
        eq(memberRoles.roleId, ids.owner),
      ),
    );
  await tx
    .insert(memberRoles)
    .values({ orgId, membershipId: actor.membershipId, roleId: ids.admin })
    .onConflictDoNothing();

  await recordEvent(tx, {
    orgId,
    topic: 'access',
    type: 'access.changed',
    actorUserId: actor.userId,
    data: { membershipIds: [target.id, actor.membershipId] },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'member.ownership_transferred',
    actorUserId: actor.userId,
    data: { membershipId: target.id, userId: target.userId, memberName: target.name, from: actor.membershipId },
  });
  return {
    newOwner: await getMember(tx, actor, target.id),
    previousOwner: await getMember(tx, actor, actor.membershipId),
  };
}
