/**
 * What an invitation may grant: the org's roles (nobody hands out a role that grants more than
 * they hold — the same rule as assigning roles, server/roles/roleService.ts) and its teams. Read
 * in the caller's tenant transaction.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { invitationRoles, teams } from '../../db/schema';
import { loadRoleGraph, type StoredRole } from '../authz/effectivePermissions';
import { resolveEffectiveGrants } from '../authz/roleGraph';
import { assertActorHolds, mergeGrants, type RoleActor } from '../authz/actorPower';
import { requireRole } from '../roles/roleService';
import { isAppError } from '../errors';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import type { InviteOptions } from './schemas';

export type GrantableRole = Pick<StoredRole, 'id' | 'name' | 'systemKey'>;

/** The roles asked for, each one the actor may hand out; FORBIDDEN names the first that is not. */
export async function rolesToGrant(tx: Tx, actor: RoleActor, roleIds: readonly string[]): Promise<GrantableRole[]> {
  if (roleIds.length === 0) return [];
  const graph = await loadRoleGraph(tx, actor.orgId);
  const resolved = resolveEffectiveGrants(graph);
  return [...new Set(roleIds)].map((id) => {
    const role = requireRole(graph, id);
    assertActorHolds(actor, resolved.get(role.id) ?? new Map(), `invite people as ${role.name}`);
    return { id: role.id, name: role.name, systemKey: role.systemKey };
  });
}

export async function invitationRoleIds(tx: Tx, invitationId: string): Promise<string[]> {
  const rows = await tx
    .select({ roleId: invitationRoles.roleId })
    .from(invitationRoles)
    .where(eq(invitationRoles.invitationId, invitationId));
  return rows.map((row) => row.roleId);
}

/**
 * Refuses acting on an invitation that grants more than the actor holds: it is a member to be,
 * under the rule for acting on members (server/authz/actorPower.ts).
 */
export async function assertMayActOnInvitation(tx: Tx, actor: RoleActor, invitationId: string, doing: string) {
  const roleIds = await invitationRoleIds(tx, invitationId);
  if (roleIds.length === 0) return;
  const resolved = resolveEffectiveGrants(await loadRoleGraph(tx, actor.orgId));
  const grants = roleIds.flatMap((id) => [...(resolved.get(id) ?? [])]);
  assertActorHolds(actor, mergeGrants(grants), doing);
}

/** The teams asked for; NOT_FOUND when one is not a team of this org. */
export async function teamsToJoin(tx: Tx, teamIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  const wanted = [...new Set(teamIds)];
  if (wanted.length === 0) return [];
  const found = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, wanted));
  if (found.length !== wanted.length) throw new AppError('TEAM_NOT_FOUND', { field: 'teamIds' });
  return found;
}

const ROLE_ORDER = ['owner', 'admin', 'member', 'viewer', 'billing'];

/** What the invite form offers: every role (marked when the actor may not grant it) and team. */
export async function inviteOptions(tx: Tx, actor: RoleActor, allowedDomains: string[]): Promise<InviteOptions> {
  const graph = await loadRoleGraph(tx, actor.orgId);
  const resolved = resolveEffectiveGrants(graph);
  const rank = (role: StoredRole) => (role.systemKey ? ROLE_ORDER.indexOf(role.systemKey) : ROLE_ORDER.length);
  const roles = [...graph.values()]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map((role) => {
      let canGrant = true;
      try {
        assertActorHolds(actor, resolved.get(role.id) ?? new Map(), 'grant');
      } catch (error) {
        if (!isAppError(error)) throw error;
        canGrant = false;
      }
      return { id: role.id, name: role.name, isSystem: role.systemKey !== null, canGrant };
    });
  const teamRows = await tx.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
  return { roles, teams: teamRows, allowedDomains };
}
