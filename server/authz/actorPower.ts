/**
 * Nobody reaches beyond their own power. Handing out a role (assigning, inviting, creating or
 * editing one) needs every permission that role grants; acting on a member — their lifecycle,
 * roles or profile attributes, or an invitation that would make someone a member — needs every
 * permission that member (or invitation) holds. Without the second half an Admin, refused when
 * demoting an Owner, could still deactivate or remove them. Both refusals are FORBIDDEN, name the
 * missing permissions in words and list their codes in `details.missingPermissions`.
 */
import { and, eq } from 'drizzle-orm';
import { memberRoles, roleEffectivePermissions } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { PERMISSIONS, type Permission } from '../shared/permissions';
import type { EffectiveGrants } from './roleGraph';

/**
 * Who is acting, with the permissions their request resolved to and, for those they hold only
 * under conditions, the conditions (as app_resolve_member gave them).
 */
export type RoleActor = {
  orgId: string;
  userId: string;
  permissions: ReadonlySet<Permission>;
  conditions?: Readonly<Partial<Record<Permission, readonly string[]>>>;
};

/**
 * The acting member as every service and power check takes them, from a member's request context:
 * the one reader of that context for authorization (every router calls it).
 */
export function roleActorOf(ctx: {
  org: { id: string };
  user: { id: string };
  member: { membershipId: string; permissions: RoleActor['permissions'] };
  access: { conditions: NonNullable<RoleActor['conditions']> };
}): RoleActor & { membershipId: string } {
  return {
    orgId: ctx.org.id,
    userId: ctx.user.id,
    membershipId: ctx.member.membershipId,
    permissions: ctx.member.permissions,
    conditions: ctx.access.conditions,
  };
}

/**
 * Whether the actor holds a grant at least as wide: unconditionally held covers anything; held
 * only under conditions covers a grant only under some of those same conditions, so nobody turns
 * "invoices under 100,000" into "all invoices" by handing it out.
 */
function actorCovers(actor: RoleActor, permission: Permission, conditions: readonly string[]): boolean {
  if (!actor.permissions.has(permission)) return false;
  const held = actor.conditions?.[permission];
  if (!held || held.length === 0) return true;
  return conditions.length > 0 && conditions.every((c) => held.includes(c));
}

function missingFrom(actor: RoleActor, granted: EffectiveGrants): Permission[] {
  return [...granted]
    .filter(([p, conditions]) => !actorCovers(actor, p, conditions))
    .map(([p]) => p)
    .sort();
}

/** "Change plan and payment methods (billing:manage); …": what a person reads, with the code to look it up. */
export function describePermissions(list: readonly Permission[]): string {
  return list.map((p) => `${PERMISSIONS[p]} (${p})`).join('; ');
}

function refuse(doing: string, why: string, missing: Permission[]): never {
  throw new AppError('EXCEEDS_OWN_PERMISSIONS', `You cannot ${doing}: ${why}: ${describePermissions(missing)}`, {
    missingPermissions: missing,
  });
}

/** Refuses when `granted` holds a permission the actor does not (or holds only under narrower conditions). */
export function assertActorHolds(actor: RoleActor, granted: EffectiveGrants, doing: string): void {
  const missing = missingFrom(actor, granted);
  if (missing.length > 0) refuse(doing, 'it grants permissions you do not hold', missing);
}

/**
 * Everything a member holds through all their roles: a permission some role grants without
 * conditions is unconditional; otherwise every condition under which one of their roles grants it.
 */
export async function memberGrants(tx: Tx, orgId: string, membershipId: string): Promise<EffectiveGrants> {
  const rows = await tx
    .select({ permission: roleEffectivePermissions.permission, conditions: roleEffectivePermissions.conditions })
    .from(memberRoles)
    .innerJoin(
      roleEffectivePermissions,
      and(
        eq(roleEffectivePermissions.orgId, memberRoles.orgId),
        eq(roleEffectivePermissions.roleId, memberRoles.roleId),
      ),
    )
    .where(and(eq(memberRoles.orgId, orgId), eq(memberRoles.membershipId, membershipId)));
  return mergeGrants(rows.map((row) => [row.permission as Permission, row.conditions]));
}

/** Grants from several roles as one holder has them (see memberGrants). */
export function mergeGrants(grants: Iterable<readonly [Permission, readonly string[]]>): EffectiveGrants {
  const merged = new Map<Permission, string[]>();
  for (const [permission, conditions] of grants) {
    const known = merged.get(permission);
    if (known?.length === 0) continue;
    if (conditions.length === 0 || !known) merged.set(permission, [...conditions]);
    else merged.set(permission, [...new Set([...known, ...conditions])].sort());
  }
  return merged;
}

/**
 * Refuses acting on a member who holds a permission the actor does not. `doing` completes
 * "You cannot …", naming the member ("deactivate Ada Lovelace").
 */
export async function assertMayActOnMember(
  tx: Tx,
  actor: RoleActor,
  membershipId: string,
  doing: string,
): Promise<void> {
  const missing = await permissionsBeyond(tx, actor, membershipId);
  if (missing.length > 0) refuse(doing, 'they hold permissions you do not', missing);
}

/** The permissions a member holds that the actor does not (empty: the actor may act on them). */
export async function permissionsBeyond(tx: Tx, actor: RoleActor, membershipId: string): Promise<Permission[]> {
  return missingFrom(actor, await memberGrants(tx, actor.orgId, membershipId));
}
