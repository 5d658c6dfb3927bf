/**
 * Resending and revoking open invitations. A resend replaces the token (the old link stops
 * working at once), resets the 7-day expiry and counts the send; it is rate-limited per
 * invitation. Revoking is a conditional update, so it cannot undo an acceptance that won. Both
 * need every permission the invitation grants, as acting on a member does.
 */
import { and, eq, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema';
import type { RoleActor } from '../authz/actorPower';
import { assertSeatsAvailable } from '../billing/entitlements';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { assertMayActOnInvitation, invitationRoleIds, rolesToGrant } from './grants';
import type { InvitationMail } from './invite';
import { resendByInvitation } from './limits';
import { findInvitation } from './list';
import { LINK_STATE_CODES } from './lookup';
import { expiryFrom, generateInvitationToken } from './tokens';

const CHANGED_MEANWHILE = 'This invitation changed meanwhile; reload the list';

const NOT_PENDING: Record<'accepted' | 'revoked', string> = {
  accepted: 'This invitation has already been accepted',
  revoked: 'This invitation was revoked; invite the person again instead',
};

async function openInvitation(tx: Tx, invitationId: string) {
  const invitation = await findInvitation(tx, invitationId);
  if (!invitation) throw new AppError('INVITATION_NOT_FOUND');
  if (invitation.status !== 'pending')
    throw new AppError(LINK_STATE_CODES[invitation.status], NOT_PENDING[invitation.status]);
  return invitation;
}

export async function resendInvitation(tx: Tx, actor: RoleActor, invitationId: string): Promise<InvitationMail> {
  const invitation = await openInvitation(tx, invitationId);
  // Resending hands the roles out again: the same no-escalation rule as inviting.
  await rolesToGrant(tx, actor, await invitationRoleIds(tx, invitation.id));
  // An expired invitation gave its seat back: renewing it takes one again.
  if (invitation.expiresAt.getTime() <= Date.now()) await assertSeatsAvailable(tx, actor.orgId, 1);
  await resendByInvitation.consume(invitation.id);
  const { token, tokenHash } = generateInvitationToken();
  const expiresAt = expiryFrom(new Date());
  const [updated] = await tx
    .update(invitations)
    .set({ tokenHash, expiresAt, sendCount: sql`${invitations.sendCount} + 1`, lastSentAt: new Date() })
    .where(and(eq(invitations.id, invitation.id), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  if (!updated) throw new AppError('STALE_VERSION', CHANGED_MEANWHILE);
  await recordEvent(tx, {
    orgId: actor.orgId,
    topic: 'invitations',
    type: 'invitation.resent',
    actorUserId: actor.userId,
    data: { invitationIds: [invitation.id] },
  });
  return { invitationId: invitation.id, email: invitation.email, token, expiresAt };
}

export async function revokeInvitation(tx: Tx, actor: RoleActor, invitationId: string): Promise<{ email: string }> {
  const invitation = await openInvitation(tx, invitationId);
  await assertMayActOnInvitation(tx, actor, invitation.id, `revoke the invitation for ${invitation.email}`);
  const [updated] = await tx
    .update(invitations)
    .set({ status: 'revoked', revokedAt: new Date() })
    .where(and(eq(invitations.id, invitation.id), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  if (!updated) throw new AppError('STALE_VERSION', CHANGED_MEANWHILE);
  await recordEvent(tx, {
    orgId: actor.orgId,
    topic: 'invitations',
    type: 'invitation.revoked',
    actorUserId: actor.userId,
    data: { invitationIds: [invitation.id] },
  });
  await recordEvent(tx, {
    orgId: actor.orgId,
    topic: 'activity',
    type: 'invitation.revoked',
    actorUserId: actor.userId,
    data: {},
  });
  return { email: invitation.email };
}
