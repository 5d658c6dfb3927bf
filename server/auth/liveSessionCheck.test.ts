import { describe, expect, it } from 'vitest';
import { createLiveSessionCheck } from './liveSessionCheck';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A session store and clock the check reads, counting lookups. */
function world() {
  let clock = 1_000_000;
  const store = new Map<string, { userId: string; expiresAt: Date }>();
  const looked: string[] = [];
  return {
    store,
    looked,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    add(sessionId: string, userId = 'user-1', ttlMs = 30 * DAY_MS) {
      store.set(sessionId, { userId, expiresAt: new Date(clock + ttlMs) });
      return { sessionId, userId };
    },
    lookup: async (sessionId: string) => {
      looked.push(sessionId);
      return store.get(sessionId) ?? null;
    },
  };
}

describe('the live-session check’s bounds', () => {
  it('holds at most maxEntries answers, dropping the oldest first', async () => {
    const w = world();
    const check = createLiveSessionCheck({ maxEntries: 3, maxAgeMs: 60_000, lookup: w.lookup, now: w.now });
    const sessions = ['a', 'b', 'c', 'd', 'e'].map((id) => w.add(id));
    for (const session of sessions) expect(await check.isLive(session)).toBe(true);
    expect(check.size).toBe(3);
    w.looked.length = 0;
    expect(await check.isLive(sessions[4]!)).toBe(true);
    expect(await check.isLive(sessions[0]!)).toBe(true);
    expect(w.looked).toEqual(['a']);
    expect(check.size).toBe(3);
  });

  it('answers from the cache within maxAgeMs and looks up again after it, refusing a session deleted unannounced', async () => {
    const w = world();
    const check = createLiveSessionCheck({ maxEntries: 10, maxAgeMs: 5_000, lookup: w.lookup, now: w.now });
    const session = w.add('a');
    const ended: string[] = [];
    check.onEnded((sessionId) => ended.push(sessionId));
    expect(await check.isLive(session)).toBe(true);
    w.store.delete('a');
    w.advance(4_999);
    expect(await check.isLive(session)).toBe(true);
    expect(w.looked).toEqual(['a']);
    w.advance(1);
    expect(await check.isLive(session)).toBe(false);
    expect(ended).toEqual(['a']);
    expect(await check.isLive(session)).toBe(false);
    expect(w.looked).toEqual(['a', 'a']);
  });

  it('never answers past the session’s own expiry', async () => {
    const w = world();
    const check = createLiveSessionCheck({ maxEntries: 10, maxAgeMs: 60_000, lookup: w.lookup, now: w.now });
    const session = w.add('a', 'user-1', 1_000);
    expect(await check.isLive(session)).toBe(true);
    w.advance(1_000);
    expect(await check.isLive(session)).toBe(false);
  });

  it('refuses at once a session announced as ended, even when its lookup was in flight', async () => {
    const w = world();
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const check = createLiveSessionCheck({
      maxEntries: 10,
      maxAgeMs: 60_000,
      lookup: async (id) => {
        await gate;
        return w.lookup(id);
      },
      now: w.now,
    });
    const session = w.add('a');
    const before = check.isLive(session);
    check.ended(['a']);
    release();
    expect(await before).toBe(false);
    expect(await check.isLive(session)).toBe(false);
  });

  it('a user-wide announcement re-checks only that user’s sessions', async () => {
    const w = world();
    const check = createLiveSessionCheck({ maxEntries: 10, maxAgeMs: 60_000, lookup: w.lookup, now: w.now });
    const mine = w.add('a', 'user-1');
    const theirs = w.add('b', 'user-2');
    await check.isLive(mine);
    await check.isLive(theirs);
    w.store.delete('a');
    check.endedForUser('user-1');
    expect(await check.isLive(mine)).toBe(false);
    expect(await check.isLive(theirs)).toBe(true);
    expect(w.looked).toEqual(['a', 'b', 'a']);
  });

  it('refuses a session id presented with another user', async () => {
    const w = world();
    const check = createLiveSessionCheck({ lookup: w.lookup, now: w.now });
    w.add('a', 'user-1');
    expect(await check.isLive({ sessionId: 'a', userId: 'user-2' })).toBe(false);
  });
});
