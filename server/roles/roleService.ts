/**
 * Custom roles: create, update (optimistic concurrency on `version`) and delete (moving members
 * to another role in the same transaction). Every write holds the org's role-graph lock, checks
 * the change against the whole graph (no cycles, depth ≤ 10), rewrites the materialized effective
 * permissions of the role and its descendants, and records an activity event — all in the
 * caller's tenant transaction. System roles are never changed here.
 *
 * Nobody hands out more than they hold: a role whose effective permissions (before or after the
 * change) exceed the actor's own cannot be created, edited, deleted or used as a reassignment
 * target. Without that an Admin could mint a role with billing:manage and take it.
 */
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { memberRoles, roleParents, rolePermissions, roles } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { assertActorHolds, type RoleActor } from '../authz/actorPower';
import { loadRoleGraph, lockRoleGraph, refreshAfterChange, type StoredRole } from '../authz/effectivePermissions';
import {
  checkRoleGraph,
  resolveEffectiveGrants,
  withRole,
  type EffectiveGrants,
  type RoleGraph,
} from '../authz/roleGraph';
import type {
  CreateRoleInput,
  DeleteRoleInput,
  DeleteRoleResult,
  RoleRef,
  RoleView,
  UpdateRoleInput,
} from './roleSchemas';
import { normalizeGrants, sameConditions } from './roleGrants';
import { getRole } from './roleServiceQueries';

export const ROLE_CONFLICT_MESSAGE = 'Someone else changed this role; review their changes and save again';

export function refOf(role: StoredRole): RoleRef {
  return { id: role.id, name: role.name };
}

export function requireRole(graph: ReadonlyMap<string, StoredRole>, roleId: string, what?: string): StoredRole {
  const role = graph.get(roleId);
  if (!role) {
    throw what
      ? new AppError('ROLE_NOT_FOUND', `${what} not found`, { roleId })
      : new AppError('ROLE_NOT_FOUND', { roleId });
  }
  return role;
}

function effectiveOf(graph: RoleGraph, roleId: string): EffectiveGrants {
  return resolveEffectiveGrants(graph).get(roleId) ?? new Map();
}

function assertNameFree(graph: ReadonlyMap<string, StoredRole>, name: string, exceptId?: string): void {
  const taken = [...graph.values()].find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
  if (taken) throw new AppError('NAME_TAKEN', `A role named “${taken.name}” already exists`, { field: 'name' });
}

function parentsFor(graph: ReadonlyMap<string, StoredRole>, parentIds: readonly string[]): string[] {
  const unique = [...new Set(parentIds)];
  for (const id of unique) requireRole(graph, id, 'Parent role');
  return unique.sort();
}

function assertGraphAllowed(graph: RoleGraph, roleId: string): void {
  const problem = checkRoleGraph(graph, roleId);
  if (!problem) return;
  const names = (ids: readonly string[]) => ids.map((id) => graph.get(id)?.name ?? id);
  throw new AppError(
    problem.kind === 'cycle' ? 'ROLE_CYCLE' : 'ROLE_TOO_DEEP',
    problem.message,
    problem.kind === 'cycle'
      ? { field: 'parentIds', cycle: names(problem.cycle) }
      : { field: 'parentIds', chain: names(problem.chain) },
  );
}

function assertCustom(role: StoredRole, doing: string): void {
  if (role.systemKey) {
    throw new AppError('SYSTEM_ROLE_LOCKED', `${role.name} is a system role and cannot be ${doing}`, {
      systemKey: role.systemKey,
    });
  }
}

async function writeGrants(tx: Tx, orgId: string, role: StoredRole): Promise<void> {
  const roleId = role.id;
  await tx.delete(rolePermissions).where(and(eq(rolePermissions.orgId, orgId), eq(rolePermissions.roleId, roleId)));
  if (role.permissions.length > 0) {
    await tx.insert(rolePermissions).values(
      role.permissions.map((permission) => ({
        orgId,
        roleId,
        permission,
        condition: role.conditions?.[permission] ?? null,
      })),
    );
  }
}

async function writeParents(tx: Tx, orgId: string, roleId: string, parentIds: readonly string[]): Promise<void> {
  await tx.delete(roleParents).where(and(eq(roleParents.orgId, orgId), eq(roleParents.roleId, roleId)));
  if (parentIds.length > 0) {
    await tx.insert(roleParents).values(parentIds.map((parentRoleId) => ({ orgId, roleId, parentRoleId })));
  }
}

export async function createRole(tx: Tx, actor: RoleActor, input: CreateRoleInput): Promise<RoleView> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const graph = await loadRoleGraph(tx, orgId);
  assertNameFree(graph, input.name);
  const role: StoredRole = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    systemKey: null,
    version: 1,
    ...normalizeGrants(input),
    parentIds: parentsFor(graph, input.parentIds),
  };
  const next = withRole(graph, role);
  assertGraphAllowed(next, role.id);
  assertActorHolds(actor, effectiveOf(next, role.id), 'create this role');

  await tx.insert(roles).values({ orgId, id: role.id, name: role.name, description: role.description });
  await writeGrants(tx, orgId, role);
  await writeParents(tx, orgId, role.id, role.parentIds);
  await refreshAfterChange(tx, orgId, next, role.id);
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'role.created',
    actorUserId: actor.userId,
    data: { roleId: role.id, name: role.name },
  });
  return getRole(tx, orgId, role.id);
}

type RoleField = 'name' | 'description' | 'permissions' | 'parents';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export async function updateRole(tx: Tx, actor: RoleActor, input: UpdateRoleInput): Promise<RoleView> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const graph = await loadRoleGraph(tx, orgId);
  const current = requireRole(graph, input.roleId);
  assertCustom(current, 'changed');
  if (current.version !== input.version) {
    throw new AppError('STALE_VERSION', ROLE_CONFLICT_MESSAGE, { current: await getRole(tx, orgId, current.id) });
  }
  assertNameFree(graph, input.name, current.id);
  const role: StoredRole = {
    ...current,
    name: input.name,
    description: input.description,
    ...normalizeGrants(input),
    parentIds: parentsFor(graph, input.parentIds),
  };
  const next = withRole(graph, role);
  assertGraphAllowed(next, role.id);
  assertActorHolds(actor, effectiveOf(graph, role.id), 'change this role');
  assertActorHolds(actor, effectiveOf(next, role.id), 'change this role');

  const changed: RoleField[] = [];
  if (role.name !== current.name) changed.push('name');
  if (role.description !== current.description) changed.push('description');
  if (!sameList(role.permissions, current.permissions) || !sameConditions(role.conditions, current.conditions)) {
    changed.push('permissions');
  }
  if (!sameList(role.parentIds, current.parentIds)) changed.push('parents');
  if (changed.length === 0) return getRole(tx, orgId, role.id);

  const [saved] = await tx
    .update(roles)
    .set({ name: role.name, description: role.description, version: sql`${roles.version} + 1` })
    .where(and(eq(roles.orgId, orgId), eq(roles.id, role.id), eq(roles.version, input.version)))
    .returning({ version: roles.version });
  if (!saved)
    throw new AppError('STALE_VERSION', ROLE_CONFLICT_MESSAGE, { current: await getRole(tx, orgId, role.id) });
  if (changed.includes('permissions')) await writeGrants(tx, orgId, role);
  if (changed.includes('parents')) await writeParents(tx, orgId, role.id, role.parentIds);
  if (changed.includes('permissions') || changed.includes('parents')) {
    await refreshAfterChange(tx, orgId, next, role.id);
    // Holders of this role and of every role inheriting it: tell all members to re-check.
    await recordEvent(tx, {
      orgId,
      topic: 'access',
      type: 'access.changed',
      actorUserId: actor.userId,
      data: { all: true },
    });
  }
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'role.updated',
    actorUserId: actor.userId,
    data: {
      roleId: role.id,
      name: role.name,
      fields: changed,
      version: saved.version,
      ...(changed.includes('name') ? { previousName: current.name } : {}),
    },
  });
  return getRole(tx, orgId, role.id);
}

export async function deleteRole(tx: Tx, actor: RoleActor, input: DeleteRoleInput): Promise<DeleteRoleResult> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const graph = await loadRoleGraph(tx, orgId);
  const role = requireRole(graph, input.roleId);
  assertCustom(role, 'deleted');
  const heirs = [...graph.values()].filter((r) => r.parentIds.includes(role.id));
  if (heirs.length > 0) {
    const names = heirs.map((r) => r.name).sort();
    throw new AppError(
      'ROLE_HAS_HEIRS',
      `${names.join(', ')} ${names.length === 1 ? 'inherits' : 'inherit'} from ${role.name}; remove it from their parents first`,
      { inheritedBy: names },
    );
  }
  assertActorHolds(actor, effectiveOf(graph, role.id), 'delete this role');

  const holders = await tx
    .select({ membershipId: memberRoles.membershipId })
    .from(memberRoles)
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.roleId, role.id)));

  const target =
    input.reassignToRoleId === undefined ? null : requireRole(graph, input.reassignToRoleId, 'Role to move members to');
  if (target?.id === role.id) {
    throw new AppError('INVALID_INPUT', 'Choose a different role to move its members to', {
      field: 'reassignToRoleId',
    });
  }
  if (target) assertActorHolds(actor, effectiveOf(graph, target.id), `move members to ${target.name}`);
  if (holders.length > 0 && !target) {
    throw new AppError(
      'ROLE_HAS_MEMBERS',
      `${holders.length} ${holders.length === 1 ? 'member holds' : 'members hold'} ${role.name}; choose a role to move them to`,
      { memberCount: holders.length },
    );
  }

  if (target && holders.length > 0) {
    await tx
      .insert(memberRoles)
      .values(holders.map(({ membershipId }) => ({ orgId, membershipId, roleId: target.id })))
      .onConflictDoNothing();
    await tx.delete(memberRoles).where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.roleId, role.id)));
    await recordEvent(tx, {
      orgId,
      topic: 'access',
      type: 'access.changed',
      actorUserId: actor.userId,
      data: { membershipIds: holders.map((h) => h.membershipId) },
    });
  }
  // Grants, parent edges and materialized rows of the role go with it (ON DELETE CASCADE).
  await tx.delete(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, role.id)));
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'role.deleted',
    actorUserId: actor.userId,
    data: {
      roleId: role.id,
      name: role.name,
      ...(target ? { reassignedTo: target.name, membersMoved: holders.length } : {}),
    },
  });
  return { deleted: refOf(role), reassignedTo: target ? refOf(target) : null, membersMoved: holders.length };
}
