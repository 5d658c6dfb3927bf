/**
 * Raw usage events (server/usage/): what was used, how much, when, by which dimension (an API key,
 * a user, a custom label). Producers append them — the product itself (api_call, active_user,
 * storage_bytes) and customers through the public API (their own custom metrics) — and never
 * update them. The analytics never read this table: roll-ups (usageRollups.ts) are made from it by
 * jobs. `usage_dirty_hours` is the roll-up jobs' to-do list: an ingest marks each (metric, hour) it
 * touched in its own transaction (with an upsert, so it waits on a roll-up that is taking the same
 * mark), the job takes the marks and recomputes those hours from the raw events — idempotent, and
 * a late event just marks an old hour again. RLS is in the usage migration.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const USAGE_EVENT_SOURCES = ['product', 'api'] as const;

export const usageEvents = pgTable(
  'usage_events',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    /** A metric key: a built-in one or one of the org's custom metrics (usageMetrics.ts). */
    metric: text('metric').notNull(),
    /** What the usage is broken down by (an API key id, a user id, a label); '' for none. */
    dimension: text('dimension').notNull().default(''),
    value: bigint('value', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source', { enum: USAGE_EVENT_SOURCES }).notNull(),
    /** The producer's own id for the event: sent twice, it is counted once. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // The roll-up recomputes one (metric, hour) at a time.
    index('usage_events_metric_time_idx').on(t.orgId, t.metric, t.occurredAt),
    uniqueIndex('usage_events_idempotency_key')
      .on(t.orgId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    check('usage_events_value', sql`${t.value} >= 0`),
  ],
);

export const usageDirtyHours = pgTable(
  'usage_dirty_hours',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    /** The start of the UTC hour with new or late events. */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.metric, t.hour] }),
    check('usage_dirty_hours_hour_start', sql`${t.hour} = date_trunc('hour', ${t.hour}, 'UTC')`),
  ],
);
