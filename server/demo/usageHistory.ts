/**
 * A year of the demo tenant's usage, so its usage page has history to show: API calls every few
 * hours per API key the org has (a working-hours curve, quiet weekends, growing over the year),
 * the people active each day, and storage per kind growing daily. Deterministic (a seeded
 * generator per hour) and idempotent: every event has an idempotency key, so a re-seed adds only
 * the hours that are new since. Goes through the same ingest and roll-up as real usage, with the
 * seed-only backfill window (older than customers may send) and the roll-up run here, in rounds,
 * instead of as jobs.
 */
import { sql } from 'drizzle-orm';
import type { UsageEventInput } from '../usage/eventRules';
import { ingestUsageEvents } from '../usage/ingest';
import { rollupOrgUsage } from '../usage/rollup';
import { withTenant } from '../tenancy/withTenant';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DAYS = 365;
/** API call events are one per key per this many hours. */
const API_CALL_EVERY_HOURS = 4;
const BATCH = 2_000;
const SEED_PRINCIPAL = { type: 'system', name: 'demoSeed' } as const;

/** Weekday factor, Sunday first: quiet weekends. */
const WEEKDAY = [0.25, 1, 1.05, 1.1, 1.05, 0.9, 0.35];
const STORAGE_KINDS = [
  { kind: 'audit_events', start: 40e6, perDay: 0.9e6 },
  { kind: 'webhook_messages', start: 12e6, perDay: 0.35e6 },
  { kind: 'logo', start: 48_213, perDay: 0 },
];

/** A number in [0, 1) from a seed: the same seed, the same number. */
function noise(seed: number): number {
  let x = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

export function demoUsageEvents(keyIds: string[], userIds: string[], now: Date): UsageEventInput[] {
  const lastHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS;
  const firstDay = Math.floor(lastHour / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS;
  const events: UsageEventInput[] = [];
  for (let day = firstDay; day <= lastHour; day += DAY_MS) {
    const dayIndex = Math.round((day - firstDay) / DAY_MS);
    const weekday = WEEKDAY[new Date(day).getUTCDay()]!;
    const growth = 0.6 + (0.8 * dayIndex) / DAYS;
    for (let hour = day; hour < day + DAY_MS && hour <= lastHour; hour += API_CALL_EVERY_HOURS * HOUR_MS) {
      const hourOfDay = new Date(hour).getUTCHours();
      const working = hourOfDay >= 8 && hourOfDay < 20 ? 1 : 0.3;
      keyIds.forEach((keyId, k) => {
        const base = 900 / (k + 1);
        const value = Math.round(base * weekday * growth * working * (0.75 + 0.5 * noise(hour / HOUR_MS + k * 7919)));
        const occurredAt = new Date(hour).toISOString();
        events.push({
          metric: 'api_call',
          dimension: keyId,
          value,
          occurredAt,
          idempotencyKey: `demo:api_call:${keyId}:${occurredAt}`,
        });
      });
    }
    userIds.forEach((userId, u) => {
      // Most people most weekdays, few on weekends; the first person (the owner) nearly every day.
      const chance = u === 0 ? 0.95 : 0.85 * weekday;
      if (noise(dayIndex * 31 + u * 104_729) >= chance) return;
      const hour = Math.min(lastHour, day + (9 + Math.floor(noise(dayIndex + u) * 8)) * HOUR_MS);
      const occurredAt = new Date(hour).toISOString();
      events.push({
        metric: 'active_user',
        dimension: userId,
        value: 1,
        occurredAt,
        idempotencyKey: `demo:active_user:${userId}:${occurredAt.slice(0, 10)}`,
      });
    });
    const measuredAt = new Date(Math.min(lastHour, day + 2 * HOUR_MS)).toISOString();
    for (const { kind, start, perDay } of STORAGE_KINDS) {
      const value = Math.round(start + perDay * dayIndex * (0.9 + 0.2 * noise(dayIndex * 13 + kind.length)));
      events.push({
        metric: 'storage_bytes',
        dimension: kind,
        value,
        occurredAt: measuredAt,
        idempotencyKey: `demo:storage_bytes:${kind}:${measuredAt.slice(0, 10)}`,
      });
    }
  }
  return events;
}

/** Ingests and rolls up the demo org's year of usage; returns the events written now (0 on a re-seed the same hour). */
export async function seedUsageHistory(orgId: string, now = new Date()): Promise<number> {
  const { keyIds, userIds } = await withTenant(orgId, SEED_PRINCIPAL, async (tx) => {
    const keys = await tx.execute<{ id: string }>(
      sql`select id from api_keys where org_id = ${orgId}::uuid order by created_at, id`,
    );
    const people = await tx.execute<{ user_id: string }>(
      sql`select user_id from memberships where org_id = ${orgId}::uuid order by created_at, user_id`,
    );
    return { keyIds: keys.rows.map((row) => row.id), userIds: people.rows.map((row) => row.user_id) };
  });
  // Without API keys the calls are the org's total only (dimension '').
  const events = demoUsageEvents(keyIds.length > 0 ? keyIds : [''], userIds, now);
  const backfillFrom = new Date(now.getTime() - (DAYS + 1) * DAY_MS);
  let written = 0;
  for (let start = 0; start < events.length; start += BATCH) {
    const batch = events.slice(start, start + BATCH);
    const result = await withTenant(orgId, SEED_PRINCIPAL, (tx) =>
      ingestUsageEvents(tx, orgId, batch, { source: 'product', now, backfillFrom, skipRollupJob: true }),
    );
    written += result.accepted;
  }
  for (;;) {
    const run = await withTenant(orgId, SEED_PRINCIPAL, (tx) => rollupOrgUsage(tx, orgId));
    if (run.hours === 0) break;
  }
  return written;
}
