/**
 * Adding people to an organization inside its tenant transaction: the membership row and its
 * system role. The first owner is added by insertOrganization; everyone else by addMember,
 * which also writes the 'member.joined' activity event.
 */
import { and, eq } from 'drizzle-orm';
import { memberRoles, memberships, roles, type MemberAttributes } from '../../db/schema';
import type { SystemRoleKey } from '../authz/systemRoles';
import { SYSTEM_ROLES } from '../authz/systemRoles';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';

export type NewMembership = {
  orgId: string;
  userId: string;
  roleKey: SystemRoleKey;
  attributes?: MemberAttributes;
};

/** Inserts an active membership with one system role; returns the membership id. No event. */
export async function insertMembership(tx: Tx, input: NewMembership): Promise<string> {
  const [role] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.orgId, input.orgId), eq(roles.systemKey, input.roleKey)));
  if (!role)
    throw new AppError('SYSTEM_ROLE_MISSING', `The ${SYSTEM_ROLES[input.roleKey].name} role does not exist here`);
  const [membership] = await tx
    .insert(memberships)
    .values({ orgId: input.orgId, userId: input.userId, status: 'active', attributes: input.attributes ?? {} })
    .returning({ id: memberships.id });
  if (!membership) throw new Error('membership insert returned no row');
  await tx.insert(memberRoles).values({ orgId: input.orgId, membershipId: membership.id, roleId: role.id });
  return membership.id;
}

/** Adds a member and tells the activity feed. The new member is the event's actor. */
export async function addMember(tx: Tx, input: NewMembership): Promise<{ membershipId: string }> {
  const membershipId = await insertMembership(tx, input);
  await recordEvent(tx, {
    orgId: input.orgId,
    topic: 'activity',
    type: 'member.joined',
    actorUserId: input.userId,
    data: { membershipId, role: SYSTEM_ROLES[input.roleKey].name },
  });
  return { membershipId };
}
