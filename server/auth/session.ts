/**
 * Sessions the way Lucia prescribes them: the browser holds a random token, the database holds
 * its SHA-256 as the session id. 30-day expiry, extended when less than half remains. Ending
 * sessions is server/auth/endSessions.ts's job alone (it also closes their WebSockets).
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import { sessions } from '../../db/schema';
import { sessionLookup, type SessionRecord } from '../tenancy/lookups';
import { withActor } from '../tenancy/withTenant';
import { generateToken, hashToken } from './sessionToken';

export const SESSION_COOKIE = 'atrium_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000;

export type ClientInfo = { ip: string | null; userAgent: string | null };

export async function createSession(
  userId: string,
  client: ClientInfo,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateToken();
  const sessionId = hashToken(token);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await withActor(userId, async (tx) => {
    // Each sign-in sweeps the person's own expired sessions, so they do not pile up forever.
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date())));
    await tx.insert(sessions).values({
      id: sessionId,
      userId,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    });
  });
  return { token, sessionId, expiresAt };
}

export type ValidatedSession = SessionRecord & { refreshed: boolean };

/** Returns the session for a cookie token, extending it when half of its life is used. */
export async function validateSessionToken(token: string, client: ClientInfo): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
  const session = await sessionLookup(hashToken(token));
  if (!session) return null;
  const now = Date.now();
  const needsExtension = session.expiresAt.getTime() - now < SESSION_TTL_MS / 2;
  const needsSeen = now - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS;
  if (!needsExtension && !needsSeen) return { ...session, refreshed: false };
  const expiresAt = needsExtension ? new Date(now + SESSION_TTL_MS) : session.expiresAt;
  await withActor(session.userId, (tx) =>
    tx
      .update(sessions)
      .set({ expiresAt, lastSeenAt: new Date(now), ip: client.ip, userAgent: client.userAgent?.slice(0, 512) ?? null })
      .where(eq(sessions.id, session.sessionId)),
  );
  return { ...session, expiresAt, lastSeenAt: new Date(now), refreshed: needsExtension };
}

export async function listSessions(userId: string) {
  return withActor(userId, (tx) =>
    tx
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        ip: sessions.ip,
        userAgent: sessions.userAgent,
      })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(desc(sessions.lastSeenAt)),
  );
}
