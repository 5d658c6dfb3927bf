/**
 * The active_user producer: a signed-in person acting in an org is one of its active users for
 * that hour. The org request path calls `recordActiveUser` once the membership is checked; it only
 * touches memory — the first sighting of a (org, user, hour) joins a buffer, later ones are
 * dropped by an in-process set — and never awaits the database or throws, so a request pays
 * nothing for it. Every FLUSH_INTERVAL_MS, and on shutdown (`closeActiveUsers`), each org's
 * sightings are ingested in one tenant transaction (server/usage/ingest.ts) with the idempotency
 * key `active_user:<userId>:<hour>`: several app nodes, or a restart, count a person once per hour.
 */
import { logger } from '../logger';
import { withTenant } from '../tenancy/withTenant';
import { ingestUsageEvents } from './ingest';

export const FLUSH_INTERVAL_MS = 5_000;
/** Sightings held at most between flushes (the database unreachable for long): new ones are dropped. */
export const MAX_BUFFERED_SIGHTINGS = 50_000;

const FLUSH_PRINCIPAL = { type: 'system', name: 'activeUsers' } as const;
const HOUR_MS = 3_600_000;

/** orgId → userId → hour (ISO): waiting for the next flush. */
let pending = new Map<string, Map<string, string>>();
let pendingCount = 0;
/** `${orgId} ${userId}` already seen this hour (cleared when the hour turns). */
let seen = new Set<string>();
let seenHour = '';
let timer: NodeJS.Timeout | null = null;
let closed = false;
let flushes: Promise<void> = Promise.resolve();

function hourOf(at: number): string {
  return new Date(Math.floor(at / HOUR_MS) * HOUR_MS).toISOString();
}

/** Counts a person active in an org now. Synchronous; never throws. */
export function recordActiveUser(orgId: string, userId: string): void {
  try {
    const hour = hourOf(Date.now());
    if (hour !== seenHour) {
      seen = new Set();
      seenHour = hour;
    }
    const sighting = `${orgId} ${userId}`;
    if (seen.has(sighting)) return;
    if (pendingCount >= MAX_BUFFERED_SIGHTINGS) return;
    seen.add(sighting);
    let users = pending.get(orgId);
    if (!users) pending.set(orgId, (users = new Map()));
    users.set(userId, hour);
    pendingCount += 1;
    scheduleFlush();
  } catch (error) {
    try {
      logger.error({ err: error }, 'active user not counted');
    } catch {
      // Counting must never fail a request, not even through its logger.
    }
  }
}

function scheduleFlush(): void {
  if (timer || closed) return;
  timer = setTimeout(() => {
    timer = null;
    void flushActiveUsers();
  }, FLUSH_INTERVAL_MS);
  timer.unref();
}

/** Ingests what the buffer holds now (after any flush in progress). Never rejects. */
export function flushActiveUsers(): Promise<void> {
  flushes = flushes.then(writePending);
  return flushes;
}

/** The shutdown hook: no more timed flushes, then one last flush. */
export async function closeActiveUsers(): Promise<void> {
  closed = true;
  if (timer) clearTimeout(timer);
  timer = null;
  await flushActiveUsers();
}

async function writePending(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const taken = pending;
  pending = new Map();
  pendingCount = 0;
  for (const [orgId, users] of taken) {
    const events = [...users].map(([userId, hour]) => ({
      metric: 'active_user',
      dimension: userId,
      value: 1,
      occurredAt: hour,
      idempotencyKey: `active_user:${userId}:${hour}`,
    }));
    try {
      await withTenant(orgId, FLUSH_PRINCIPAL, (tx) => ingestUsageEvents(tx, orgId, events, { source: 'product' }));
    } catch (error) {
      // Kept for the next flush: the idempotency keys make a retry safe.
      for (const [userId, hour] of users) {
        let kept = pending.get(orgId);
        if (!kept) pending.set(orgId, (kept = new Map()));
        if (!kept.has(userId) && pendingCount < MAX_BUFFERED_SIGHTINGS) {
          kept.set(userId, hour);
          pendingCount += 1;
        }
      }
      logger.warn({ err: error, orgId, users: users.size }, 'active users not written; kept for the next flush');
    }
  }
  if (pendingCount > 0) scheduleFlush();
}
