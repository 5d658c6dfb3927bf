/**
 * The control message "these sessions have ended", published on Redis after the commit that ended
 * them, so every app node can close the WebSockets those sessions hold and forget what it cached
 * about them. It names sessions by id (the SHA-256 of the token, never the token) or, when only
 * the database knew which sessions it deleted (a deactivation or removal, through
 * app_revoke_member_sessions), the user whose sessions to re-check.
 */
import { channelName, getRedis } from '../redis';

export const SESSION_ENDED_CHANNEL = channelName('control:signout');
/** Application close code (4000–4999): the session behind this socket has ended. */
export const SIGNED_OUT_CLOSE_CODE = 4001;

export type EndedSessions = { sessionIds: string[] } | { userId: string };

const SESSION_ID = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listenersHere = new Set<(ended: EndedSessions) => void>();

/** Hears endings announced by this process at once, before Redis carries them to every node. */
export function onSessionsEndedHere(listener: (ended: EndedSessions) => void): () => void {
  listenersHere.add(listener);
  return () => listenersHere.delete(listener);
}

/**
 * Announces ended sessions: first to this process (so the node that ended them refuses their next
 * message at once, not only once Redis has echoed the announcement), then to every node.
 */
export async function publishEndedSessions(ended: EndedSessions): Promise<void> {
  if ('sessionIds' in ended && ended.sessionIds.length === 0) return;
  for (const listener of listenersHere) listener(ended);
  await getRedis().publish(SESSION_ENDED_CHANNEL, JSON.stringify(ended));
}

/** The message, or null when it is not one we publish. */
export function parseEndedSessions(message: string): EndedSessions | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { sessionIds, userId } = parsed as { sessionIds?: unknown; userId?: unknown };
  if (Array.isArray(sessionIds)) {
    const ids = sessionIds.filter((id): id is string => typeof id === 'string' && SESSION_ID.test(id));
    return ids.length === sessionIds.length ? { sessionIds: ids } : null;
  }
  if (typeof userId === 'string' && UUID.test(userId)) return { userId: userId.toLowerCase() };
  return null;
}
