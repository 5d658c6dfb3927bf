/**
 * The one place a session ends. Every way out — signing out, revoking one session, signing out
 * the others, a password change or reset, a deactivation or removal, and later SSO or SCIM
 * deprovisioning — deletes the sessions here and, once that has committed, publishes which ones
 * ended (server/auth/sessionEnded.ts), so every node closes their WebSockets and stops answering
 * them. Nothing else may delete a live session: a deletion that skips the publish leaves open
 * sockets working until the live-session check's bound runs out (server/auth/liveSessionCheck.ts).
 */
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { sessions } from '../../db/schema';
import { logger } from '../logger';
import { afterCommit } from '../tenancy/commitHooks';
import { withActor, type Tx } from '../tenancy/withTenant';
import { publishEndedSessions, type EndedSessions } from './sessionEnded';

/** A revocation already committed; a lost publish only delays the sockets' end to the check's bound. */
async function announce(ended: EndedSessions): Promise<void> {
  await publishEndedSessions(ended).catch((error: unknown) =>
    logger.error({ err: error }, 'could not announce ended sessions; open sockets end at the next check'),
  );
}

/** Ends the user's sessions that `which` selects (all of them without it); returns their ids. */
export async function endSessionsOf(userId: string, which?: SQL): Promise<string[]> {
  const ended = await withActor(userId, (tx) =>
    tx
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), which))
      .returning({ id: sessions.id }),
  );
  const sessionIds = ended.map((row) => row.id);
  await announce({ sessionIds });
  return sessionIds;
}

/** Signing out, or the session a browser held before it signs in again. */
export async function endSession(userId: string, sessionId: string): Promise<void> {
  await endSessionsOf(userId, eq(sessions.id, sessionId));
}

/** Signing out everywhere else, and a password change: the session in use stays. */
export async function endOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  return (await endSessionsOf(userId, ne(sessions.id, keepSessionId))).length;
}

/** A password reset: whoever held a session may be the reason for it. */
export async function endAllSessions(userId: string): Promise<number> {
  return (await endSessionsOf(userId)).length;
}

/** The session whose id starts with this public prefix (the /account list never sees whole ids). */
export function sessionIdStartsWith(prefix: string): SQL {
  return sql`left(${sessions.id}, ${prefix.length}) = ${prefix}`;
}

/**
 * A deactivated (or about to be removed) member's sessions, through app_revoke_member_sessions
 * (db/migrations/0008): sessions are not tenant rows, so only that definer function may end
 * another user's sessions — and it does so only when the person is active in no other org. Runs
 * in the tenant transaction after the membership is marked deactivated. The function deletes
 * every session of that user without naming them, so the announcement names the user and each
 * node closes those of the user's sockets whose session no longer exists — exactly the ones it
 * revoked, not a session begun after the commit.
 */
export async function endMemberSessions(tx: Tx, membershipId: string): Promise<number> {
  const result = await tx.execute<{ user_id: string | null; revoked: number }>(
    sql`select * from app_revoke_member_sessions(${membershipId}::uuid)`,
  );
  const row = result.rows[0];
  const userId = row?.user_id;
  const revoked = row?.revoked ?? 0;
  if (userId && revoked > 0) afterCommit(tx, () => announce({ userId }));
  return revoked;
}
