/**
 * What keeps an organization manageable: nobody deactivates or removes themselves, the last
 * active Owner stays, and so does the last active member who can manage members (users:manage,
 * held without conditions). Callers hold the org's role-graph lock (lockRoleGraph), so two admins
 * acting on the last two managers at the same moment cannot both succeed.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { memberRoles, memberships, roleEffectivePermissions, roles, users } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';

export type LifecycleTarget = {
  id: string;
  userId: string;
  name: string;
  email: string;
  status: 'active' | 'deactivated';
  version: number;
};

export async function loadTarget(tx: Tx, orgId: string, membershipId: string): Promise<LifecycleTarget> {
  const [row] = await tx
    .select({
      id: memberships.id,
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      status: memberships.status,
      version: memberships.version,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, membershipId)));
  if (!row) throw new AppError('MEMBER_NOT_FOUND');
  return row;
}

export function assertNotSelf(target: LifecycleTarget, callerMembershipId: string, doing: 'deactivate' | 'remove') {
  if (target.id === callerMembershipId) {
    throw new AppError('SELF_ACTION_REFUSED', `You cannot ${doing} yourself — ask another admin`, {
      field: 'membershipId',
    });
  }
}

export async function holdsSystemRole(
  tx: Tx,
  orgId: string,
  membershipId: string,
  systemKey: 'owner',
): Promise<boolean> {
  const rows = await tx
    .select({ id: roles.id })
    .from(memberRoles)
    .innerJoin(roles, and(eq(roles.orgId, memberRoles.orgId), eq(roles.id, memberRoles.roleId)))
    .where(
      and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, membershipId), eq(roles.systemKey, systemKey)),
    )
    .limit(1);
  return rows.length > 0;
}

async function otherActiveOwnerExists(tx: Tx, orgId: string, membershipId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberRoles)
    .innerJoin(roles, and(eq(roles.orgId, memberRoles.orgId), eq(roles.id, memberRoles.roleId)))
    .innerJoin(memberships, and(eq(memberships.orgId, memberRoles.orgId), eq(memberships.id, memberRoles.membershipId)))
    .where(
      and(
        eq(memberRoles.orgId, orgId),
        eq(roles.systemKey, 'owner'),
        eq(memberships.status, 'active'),
        ne(memberships.id, membershipId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Whether the membership holds users:manage without conditions (through any of its roles). */
export async function holdsMemberManagement(tx: Tx, orgId: string, membershipId: string): Promise<boolean> {
  const rows = await tx
    .select({ roleId: memberRoles.roleId })
    .from(memberRoles)
    .innerJoin(
      roleEffectivePermissions,
      and(
        eq(roleEffectivePermissions.orgId, memberRoles.orgId),
        eq(roleEffectivePermissions.roleId, memberRoles.roleId),
      ),
    )
    .where(
      and(
        eq(memberRoles.orgId, orgId),
        eq(memberRoles.membershipId, membershipId),
        eq(roleEffectivePermissions.permission, 'users:manage'),
        sql`cardinality(${roleEffectivePermissions.conditions}) = 0`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Whether an active member other than `membershipId` holds users:manage without conditions. */
export async function otherActiveManagerExists(tx: Tx, orgId: string, membershipId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(memberRoles, and(eq(memberRoles.orgId, memberships.orgId), eq(memberRoles.membershipId, memberships.id)))
    .innerJoin(
      roleEffectivePermissions,
      and(
        eq(roleEffectivePermissions.orgId, memberRoles.orgId),
        eq(roleEffectivePermissions.roleId, memberRoles.roleId),
      ),
    )
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.status, 'active'),
        ne(memberships.id, membershipId),
        eq(roleEffectivePermissions.permission, 'users:manage'),
        sql`cardinality(${roleEffectivePermissions.conditions}) = 0`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Refuses taking an active member out of the org (deactivating, removing) when that would leave
 * it without an active Owner or without anyone who can manage members.
 */
export async function assertOrgKeepsStewards(tx: Tx, orgId: string, target: LifecycleTarget): Promise<void> {
  if (target.status !== 'active') return;
  if ((await holdsSystemRole(tx, orgId, target.id, 'owner')) && !(await otherActiveOwnerExists(tx, orgId, target.id))) {
    throw new AppError('LAST_OWNER', { field: 'membershipId' });
  }
  if ((await holdsMemberManagement(tx, orgId, target.id)) && !(await otherActiveManagerExists(tx, orgId, target.id))) {
    throw new AppError('LAST_MANAGER', { field: 'membershipId' });
  }
}
