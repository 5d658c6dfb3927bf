/**
 * What the roles pages read: roles with their direct grants, parents, materialized effective
 * permissions and member counts; one member's roles (the permission catalogue is
 * server/shared/permissionCatalogue.ts). Reads only, inside the caller's tenant transaction.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import {
  memberRoles,
  memberships,
  roleEffectivePermissions,
  roleParents,
  rolePermissions,
  roles,
} from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { OUTER_ID, OUTER_ORG_ID } from '../authz/effectivePermissions';
import { type Permission } from '../shared/permissions';
import type { MemberRoles, RoleRef, RoleView } from './roleSchemas';
import { SYSTEM_ROLE_KEYS, type SystemRoleKey } from '../authz/systemRoles';

const SYSTEM_ORDER = sql.raw(`array[${SYSTEM_ROLE_KEYS.map((k) => `'${k}'`).join(', ')}]::text[]`);

async function selectRoleViews(tx: Tx, orgId: string, filter?: SQL): Promise<RoleView[]> {
  const rows = await tx
    .select({
      id: roles.id,
      name: roles.name,
      description: roles.description,
      systemKey: roles.systemKey,
      version: roles.version,
      permissions: sql<Permission[]>`array(
        select rp.permission from ${rolePermissions} rp
         where rp.org_id = ${OUTER_ORG_ID} and rp.role_id = ${OUTER_ID} order by rp.permission collate "C")`,
      grants: sql<{ permission: Permission; condition: string | null }[]>`coalesce((
        select jsonb_agg(jsonb_build_object('permission', rp.permission, 'condition', rp.condition)
                         order by rp.permission collate "C")
          from ${rolePermissions} rp
         where rp.org_id = ${OUTER_ORG_ID} and rp.role_id = ${OUTER_ID}), '[]'::jsonb)`,
      parents: sql<RoleRef[]>`coalesce((
        select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) order by lower(p.name))
          from ${roleParents} rpar join ${roles} p on p.org_id = rpar.org_id and p.id = rpar.parent_role_id
         where rpar.org_id = ${OUTER_ORG_ID} and rpar.role_id = ${OUTER_ID}), '[]'::jsonb)`,
      effectivePermissions: sql<Permission[]>`array(
        select ep.permission from ${roleEffectivePermissions} ep
         where ep.org_id = ${OUTER_ORG_ID} and ep.role_id = ${OUTER_ID} order by ep.permission collate "C")`,
      memberCount: sql<number>`(
        select count(*)::int from ${memberRoles} mr where mr.org_id = ${OUTER_ORG_ID} and mr.role_id = ${OUTER_ID})`,
    })
    .from(roles)
    .where(filter ? and(eq(roles.orgId, orgId), filter) : eq(roles.orgId, orgId))
    .orderBy(sql`array_position(${SYSTEM_ORDER}, ${roles.systemKey}) nulls last`, sql`lower(${roles.name})`);
  return rows.map((row) => ({
    ...row,
    systemKey: row.systemKey as SystemRoleKey | null,
    isSystem: row.systemKey !== null,
  }));
}

/** System roles first (Owner, Admin, Member, Viewer, Billing), then custom roles by name. */
export function listRoles(tx: Tx, orgId: string): Promise<RoleView[]> {
  return selectRoleViews(tx, orgId);
}

export async function getRole(tx: Tx, orgId: string, roleId: string): Promise<RoleView> {
  const [role] = await selectRoleViews(tx, orgId, eq(roles.id, roleId));
  if (!role) throw new AppError('ROLE_NOT_FOUND');
  return role;
}

export async function getMemberRoles(tx: Tx, orgId: string, membershipId: string): Promise<MemberRoles> {
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, membershipId)));
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const held = await tx
    .select({ id: roles.id, name: roles.name })
    .from(memberRoles)
    .innerJoin(roles, and(eq(roles.orgId, memberRoles.orgId), eq(roles.id, memberRoles.roleId)))
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, membershipId)))
    .orderBy(sql`array_position(${SYSTEM_ORDER}, ${roles.systemKey}) nulls last`, sql`lower(${roles.name})`);
  const effective = await tx
    .selectDistinct({ permission: roleEffectivePermissions.permission })
    .from(memberRoles)
    .innerJoin(
      roleEffectivePermissions,
      and(
        eq(roleEffectivePermissions.orgId, memberRoles.orgId),
        eq(roleEffectivePermissions.roleId, memberRoles.roleId),
      ),
    )
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, membershipId)));
  return {
    membershipId,
    roles: held,
    // Sorted here, not by the database's collation, so lists compare equal to JavaScript-sorted ones.
    effectivePermissions: effective.map((row) => row.permission as Permission).sort(),
  };
}
