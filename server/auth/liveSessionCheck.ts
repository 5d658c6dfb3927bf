/**
 * Whether a session validated earlier — at a WebSocket upgrade — is still valid now, asked before
 * every message that connection carries. Answers come from a small cache so a busy socket does not
 * cost a database round trip per message; the cache is bounded twice:
 *  - in size (`maxEntries`, the oldest check is dropped first), so memory stays flat;
 *  - in age (`maxAgeMs`): an answer older than that is looked up again, and an answer never
 *    outlives the session's own expiry. A session ended without its announcement reaching this
 *    node (Redis down, a deletion that skipped server/auth/endSessions.ts) therefore keeps working
 *    for at most `maxAgeMs`.
 * Announced endings (server/auth/sessionEnded.ts) take effect at once: an ended session id is
 * remembered as ended (ids are hashes of random tokens and never come back), and a user-wide
 * announcement makes every cached answer for that user be looked up again.
 * Sessions found ended — announced or by lookup — are reported to `onEnded` listeners, which
 * close the sockets that hold them.
 */
import { sessionLookup, type SessionRecord } from '../tenancy/lookups';

export const LIVE_SESSION_CHECK_MAX_ENTRIES = 10_000;
export const LIVE_SESSION_CHECK_MAX_AGE_MS = 15_000;

export type HeldSession = { sessionId: string; userId: string };

export type LiveSessionCheckOptions = {
  maxEntries?: number;
  maxAgeMs?: number;
  lookup?: (sessionId: string) => Promise<Pick<SessionRecord, 'userId' | 'expiresAt'> | null>;
  now?: () => number;
};

export type LiveSessionCheck = {
  isLive(session: HeldSession): Promise<boolean>;
  /** These sessions were announced as ended. */
  ended(sessionIds: readonly string[]): void;
  /** Some sessions of this user ended, which ones only the database knows: look them up again. */
  endedForUser(userId: string): void;
  onEnded(listener: (sessionId: string) => void): () => void;
  /** Cached answers held (for the bound's test). */
  readonly size: number;
};

type Entry = { ended: true } | { ended: false; userId: string; expiresAt: number; checkedAt: number };

export function createLiveSessionCheck(options: LiveSessionCheckOptions = {}): LiveSessionCheck {
  const maxEntries = options.maxEntries ?? LIVE_SESSION_CHECK_MAX_ENTRIES;
  const maxAgeMs = options.maxAgeMs ?? LIVE_SESSION_CHECK_MAX_AGE_MS;
  const lookup = options.lookup ?? sessionLookup;
  const now = options.now ?? Date.now;
  // Map order is insertion order: re-inserting on every fresh answer keeps the oldest check first.
  const entries = new Map<string, Entry>();
  // One lookup at a time per session; a caller joins it only if no announcement came in between.
  const pending = new Map<string, { epoch: number; answer: Promise<boolean> }>();
  const listeners = new Set<(sessionId: string) => void>();
  // Bumped by every announcement: an answer looked up across one may predate it and is not cached.
  let epoch = 0;

  const remember = (sessionId: string, entry: Entry) => {
    entries.delete(sessionId);
    entries.set(sessionId, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  };

  const markEnded = (sessionId: string) => {
    if (entries.get(sessionId)?.ended) return;
    remember(sessionId, { ended: true });
    for (const listener of listeners) listener(sessionId);
  };

  const lookUp = async ({ sessionId, userId }: HeldSession): Promise<boolean> => {
    const startedIn = epoch;
    const record = await lookup(sessionId);
    const at = now();
    if (!record || record.userId !== userId || record.expiresAt.getTime() <= at) {
      markEnded(sessionId);
      return false;
    }
    if (entries.get(sessionId)?.ended) return false;
    if (epoch === startedIn) {
      remember(sessionId, { ended: false, userId, expiresAt: record.expiresAt.getTime(), checkedAt: at });
    }
    return true;
  };

  return {
    async isLive(session) {
      const entry = entries.get(session.sessionId);
      if (entry?.ended) return false;
      const at = now();
      if (entry && entry.userId === session.userId && at - entry.checkedAt < maxAgeMs && at < entry.expiresAt) {
        return true;
      }
      const inFlight = pending.get(session.sessionId);
      if (inFlight?.epoch === epoch) return inFlight.answer;
      const answer = lookUp(session).finally(() => {
        if (pending.get(session.sessionId)?.answer === answer) pending.delete(session.sessionId);
      });
      pending.set(session.sessionId, { epoch, answer });
      return answer;
    },
    ended(sessionIds) {
      epoch += 1;
      for (const sessionId of sessionIds) markEnded(sessionId);
    },
    endedForUser(userId) {
      epoch += 1;
      for (const [sessionId, entry] of entries) {
        if (!entry.ended && entry.userId === userId) entries.delete(sessionId);
      }
    },
    onEnded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return entries.size;
    },
  };
}
