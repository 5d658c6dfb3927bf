/**
 * The "where you're signed in" list and revoking one entry. Sessions are named by a short
 * public id (a prefix of the session id, itself a hash of the token), so the page never holds
 * anything that could be turned back into a working cookie.
 */
import { AppError } from '../../errors';
import { endSessionsOf, sessionIdStartsWith } from '../endSessions';
import { listSessions } from '../session';
import { describeUserAgent } from './device';

export const PUBLIC_SESSION_ID_LENGTH = 16;

export function publicSessionId(sessionId: string): string {
  return sessionId.slice(0, PUBLIC_SESSION_ID_LENGTH);
}

export type AccountSession = {
  id: string;
  isCurrent: boolean;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
};

export async function accountSessions(userId: string, currentSessionId: string): Promise<AccountSession[]> {
  const now = Date.now();
  const rows = await listSessions(userId);
  return rows
    .filter((row) => row.expiresAt.getTime() > now)
    .map((row) => ({
      id: publicSessionId(row.id),
      isCurrent: row.id === currentSessionId,
      device: describeUserAgent(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
    }));
}

/** Ends one of the user's other sessions. Another user's session is invisible here (RLS). */
export async function revokeSession(userId: string, currentSessionId: string, publicId: string): Promise<void> {
  if (publicSessionId(currentSessionId) === publicId) {
    throw new AppError('CURRENT_SESSION');
  }
  const removed = await endSessionsOf(userId, sessionIdStartsWith(publicId));
  if (removed.length === 0) throw new AppError('SESSION_NOT_FOUND');
}
