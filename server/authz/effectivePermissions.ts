/**
 * The stored role graph of one organization and what it resolves to. Role writes take the org's
 * role-graph lock, load the graph, check the change with the pure functions of roleGraph.ts and
 * rewrite role_effective_permissions for the changed role and every role that inherits from it —
 * all inside the caller's tenant transaction, so the materialized rows commit (or roll back)
 * with the change. This module (and org creation, for system roles) is the only writer of that
 * table; app_resolve_member reads it per request and never walks the graph.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { roleEffectivePermissions, roleParents, rolePermissions, roles } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import type { Permission } from '../shared/permissions';
import { descendantsOf, resolveEffectiveGrants, roleGraphOf, type RoleGraph, type RoleNode } from './roleGraph';
import type { SystemRoleKey } from './systemRoles';

/** Advisory lock class for role-graph writes; the second key is the org. */
const ROLE_GRAPH_LOCK = ADVISORY_LOCKS.roleGraph;

export type StoredRole = RoleNode & {
  systemKey: SystemRoleKey | null;
  description: string;
  version: number;
};

/**
 * Serialises role-graph writes within one org until the transaction ends. Without it two admins
 * could each add half of a cycle, or one could recompute a child from a parent's grants that
 * another transaction is changing at the same moment.
 */
export async function lockRoleGraph(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ROLE_GRAPH_LOCK}::int, hashtext(${orgId}::text))`);
}

/**
 * The outer roles row, spelled out: drizzle leaves columns unqualified in a single-table select,
 * and inside a correlated subquery an unqualified org_id would bind to the subquery's own table.
 */
export const OUTER_ORG_ID = sql.raw('"roles"."org_id"');
export const OUTER_ID = sql.raw('"roles"."id"');

/**
 * Every role of the org with its direct grants and parents, in one query, keyed by id. Lists come
 * back in code-point order (collate "C", uuid order), as JavaScript sorts them, whatever the
 * database's locale — the role service compares them with what an editor sent.
 */
export async function loadRoleGraph(tx: Tx, orgId: string): Promise<Map<string, StoredRole>> {
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
      conditions: sql<Partial<Record<Permission, string>>>`coalesce((
        select jsonb_object_agg(rp.permission, rp.condition) from ${rolePermissions} rp
         where rp.org_id = ${OUTER_ORG_ID} and rp.role_id = ${OUTER_ID} and rp.condition is not null), '{}'::jsonb)`,
      parentIds: sql<string[]>`array(
        select p.parent_role_id::text from ${roleParents} p
         where p.org_id = ${OUTER_ORG_ID} and p.role_id = ${OUTER_ID} order by p.parent_role_id)`,
    })
    .from(roles)
    .where(eq(roles.orgId, orgId));
  return roleGraphOf(rows.map((row) => ({ ...row, systemKey: row.systemKey as SystemRoleKey | null })));
}

/** Rewrites the materialized rows of `roleIds` from the graph as it now stands. */
export async function materializeEffectivePermissions(
  tx: Tx,
  orgId: string,
  graph: RoleGraph,
  roleIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(roleIds)];
  if (ids.length === 0) return;
  const resolved = resolveEffectiveGrants(graph);
  await tx
    .delete(roleEffectivePermissions)
    .where(and(eq(roleEffectivePermissions.orgId, orgId), inArray(roleEffectivePermissions.roleId, ids)));
  const rows = ids.flatMap((roleId) =>
    [...(resolved.get(roleId) ?? [])].map(([permission, conditions]) => ({
      orgId,
      roleId,
      permission,
      conditions: [...conditions],
    })),
  );
  if (rows.length > 0) await tx.insert(roleEffectivePermissions).values(rows);
}

/** After `roleId`'s grants or parents changed: it and every role inheriting from it. */
export async function refreshAfterChange(tx: Tx, orgId: string, graph: RoleGraph, roleId: string): Promise<void> {
  await materializeEffectivePermissions(tx, orgId, graph, [roleId, ...descendantsOf(graph, roleId)]);
}
