/**
 * Turning an open invitation into a membership, inside the org's tenant transaction: claim the
 * invitation with a conditional UPDATE (only one of two simultaneous accepts can win), check the
 * link is still the current one (a resend in between kills the old token), then create the
 * membership with the invitation's roles — Member when none of them remain — and teams, and
 * record the events the activity feed and the invitations page listen to, and the audit event:
 * accepting runs outside the org's tRPC procedures, so the audit middleware never sees it.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import {
  invitationRoles,
  invitations,
  invitationTeams,
  memberRoles,
  memberships,
  roles,
  teamMembers,
} from '../../db/schema';
import { recordAuditEventAtCommit } from '../audit/append';
import type { AuditRequest } from '../audit/types';
import { assertSeatsAvailable } from '../billing/entitlements';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { invitationByToken, LINK_STATE_CODES, linkState, linkStateMessage, type InvitationLookup } from './lookup';
import { hashInvitationToken, INVALID_INVITATION_LINK } from './tokens';

/** Why a claim failed, from the invitation's state as committed now. */
async function claimRefusal(token: string): Promise<AppError> {
  const now = await invitationByToken(token);
  if (!now) return new AppError('INVITATION_LINK_INVALID', INVALID_INVITATION_LINK);
  const state = linkState(now);
  if (state === 'valid')
    return new AppError('STALE_VERSION', 'This invitation changed meanwhile; try again', { state });
  return new AppError(LINK_STATE_CODES[state], linkStateMessage(now, state)!, { state });
}

async function assertNotMember(tx: Tx, invitation: InvitationLookup, userId: string): Promise<void> {
  const [existing] = await tx
    .select({ status: memberships.status })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  if (!existing) return;
  throw new AppError(
    'ALREADY_A_MEMBER',
    existing.status === 'active'
      ? `You are already a member of ${invitation.orgName}.`
      : `Your membership in ${invitation.orgName} is deactivated; ask an admin of ${invitation.orgName} to reactivate it.`,
    { reason: 'already_member' },
  );
}

async function rolesOf(tx: Tx, invitationId: string): Promise<{ id: string; name: string }[]> {
  const granted = await tx
    .select({ id: roles.id, name: roles.name })
    .from(invitationRoles)
    .innerJoin(roles, and(eq(roles.orgId, invitationRoles.orgId), eq(roles.id, invitationRoles.roleId)))
    .where(eq(invitationRoles.invitationId, invitationId))
    .orderBy(roles.name);
  if (granted.length > 0) return granted;
  const member = await tx.select({ id: roles.id, name: roles.name }).from(roles).where(eq(roles.systemKey, 'member'));
  if (member.length === 0) throw new AppError('SYSTEM_ROLE_MISSING', 'The Member role does not exist here');
  return member;
}

/** Who accepts, and the request they accept with (for the audit trail). */
export type Joiner = { userId: string; email: string; request: AuditRequest };

export async function joinByInvitation(
  tx: Tx,
  invitation: InvitationLookup,
  token: string,
  joiner: Joiner,
): Promise<{ membershipId: string }> {
  const { userId } = joiner;
  const { orgId, invitationId } = invitation;
  await assertNotMember(tx, invitation, userId);

  const [claimed] = await tx
    .update(invitations)
    .set({ status: 'accepted', acceptedAt: new Date() })
    .where(
      and(eq(invitations.id, invitationId), eq(invitations.status, 'pending'), gt(invitations.expiresAt, sql`now()`)),
    )
    .returning({ id: invitations.id, invitedByUserId: invitations.invitedByUserId });
  if (!claimed) throw await claimRefusal(token);
  // The row is ours now; a resend that committed before our UPDATE has replaced the token.
  const { rows } = await tx.$client.query<{ invitation_id: string }>(
    'select invitation_id from app_invitation_by_token($1)',
    [hashInvitationToken(token)],
  );
  if (rows[0]?.invitation_id !== invitationId) throw new AppError('INVITATION_LINK_INVALID', INVALID_INVITATION_LINK);

  // The invitation held its seat; only an org whose plan shrank since has no active seat to give.
  await assertSeatsAvailable(tx, orgId, 1, 'active');
  const granted = await rolesOf(tx, invitationId);
  const [membership] = await tx
    .insert(memberships)
    .values({ orgId, userId, status: 'active' })
    .returning({ id: memberships.id });
  if (!membership) throw new Error('membership insert returned no row');
  const membershipId = membership.id;
  await tx.insert(memberRoles).values(granted.map((role) => ({ orgId, membershipId, roleId: role.id })));
  const teamIds = await tx
    .select({ teamId: invitationTeams.teamId })
    .from(invitationTeams)
    .where(eq(invitationTeams.invitationId, invitationId));
  if (teamIds.length > 0) {
    await tx.insert(teamMembers).values(teamIds.map(({ teamId }) => ({ orgId, teamId, membershipId })));
  }
  await tx.update(invitations).set({ acceptedMembershipId: membershipId }).where(eq(invitations.id, invitationId));

  const roleNames = granted.map((role) => role.name).join(', ');
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'invitation.accepted',
    actorUserId: userId,
    data: { invitationId, membershipId, invitedByUserId: claimed.invitedByUserId },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'member.joined',
    actorUserId: userId,
    data: { membershipId, role: roleNames },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'invitations',
    type: 'invitation.accepted',
    actorUserId: userId,
    data: { invitationIds: [invitationId], membershipId },
  });
  recordAuditEventAtCommit(tx, {
    orgId,
    action: 'invitations.accept',
    actor: { type: 'user', id: userId, email: joiner.email },
    outcome: 'success',
    resource: { type: 'invitation', id: invitationId },
    request: joiner.request,
    after: { membershipId, roles: granted.map((role) => role.name), teamIds: teamIds.map(({ teamId }) => teamId) },
  });
  return { membershipId };
}
