/**
 * Invitation tokens: 32 random bytes, base64url, handed out once — in the email — and never
 * stored. The database keeps only the SHA-256 (hex) of the token, and the runtime role cannot
 * even read that column back; a link is resolved by hashing it and asking
 * app_invitation_by_token. Tokens are never logged.
 */
import { randomBytes } from 'node:crypto';
import { env } from '../env';
import { hashToken } from '../auth/sessionToken';

export { INVALID_INVITATION_LINK, ZInvitationToken } from '../shared/invitationToken';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function generateInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashInvitationToken(token: string): string {
  return hashToken(token);
}

export function invitationLink(token: string): string {
  return `${env.APP_URL.replace(/\/+$/, '')}/invite/${token}`;
}

export function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + INVITATION_TTL_MS);
}
