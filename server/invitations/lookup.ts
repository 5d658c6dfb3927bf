/**
 * Resolving an invitation link before any tenant is known: the token is hashed and looked up
 * through app_invitation_by_token (SECURITY DEFINER, db/migrations/0008), which returns what the
 * accept page needs and never the hash. The state a person sees is decided here, with the
 * message that explains it.
 */
import { appQuery } from '../tenancy/unavailable';
import { AppError, type ErrorCode } from '../errors';
import { hashInvitationToken, INVALID_INVITATION_LINK } from './tokens';

export type InvitationLookup = {
  orgId: string;
  orgSlug: string;
  orgName: string;
  invitationId: string;
  email: string;
  status: 'pending' | 'accepted' | 'revoked';
  expiresAt: Date;
  inviterName: string | null;
};

export type LinkState = 'valid' | 'expired' | 'accepted' | 'revoked';

/** The error code of a link that can no longer be accepted, by its state. */
export const LINK_STATE_CODES = {
  expired: 'INVITATION_EXPIRED',
  accepted: 'INVITATION_ACCEPTED',
  revoked: 'INVITATION_REVOKED',
} as const satisfies Record<Exclude<LinkState, 'valid'>, ErrorCode>;

export async function invitationByToken(token: string): Promise<InvitationLookup | null> {
  const { rows } = await appQuery<{
    org_id: string;
    org_slug: string;
    org_name: string;
    invitation_id: string;
    email: string;
    status: 'pending' | 'accepted' | 'revoked';
    expires_at: Date;
    inviter_name: string | null;
  }>('select * from app_invitation_by_token($1)', [hashInvitationToken(token)]);
  const r = rows[0];
  return r
    ? {
        orgId: r.org_id,
        orgSlug: r.org_slug,
        orgName: r.org_name,
        invitationId: r.invitation_id,
        email: r.email,
        status: r.status,
        expiresAt: r.expires_at,
        inviterName: r.inviter_name,
      }
    : null;
}

export function linkState(invitation: InvitationLookup, now = new Date()): LinkState {
  if (invitation.status !== 'pending') return invitation.status;
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}

export function linkStateMessage(invitation: InvitationLookup, state: LinkState): string | null {
  const who = invitation.inviterName ?? `an admin of ${invitation.orgName}`;
  switch (state) {
    case 'valid':
      return null;
    case 'expired':
      return `This invitation to ${invitation.orgName} has expired. Ask ${who} to send you a new one.`;
    case 'accepted':
      return `This invitation to ${invitation.orgName} has already been used. Sign in to open ${invitation.orgName}.`;
    case 'revoked':
      return `This invitation to ${invitation.orgName} was revoked. Ask ${who} if you still need access.`;
  }
}

/** The invitation behind a link, only while it can still be accepted; otherwise the reason. */
export async function openInvitationByToken(token: string): Promise<InvitationLookup> {
  const invitation = await invitationByToken(token);
  if (!invitation) throw new AppError('INVITATION_LINK_INVALID', INVALID_INVITATION_LINK);
  const state = linkState(invitation);
  if (state !== 'valid') throw new AppError(LINK_STATE_CODES[state], linkStateMessage(invitation, state)!, { state });
  return invitation;
}
