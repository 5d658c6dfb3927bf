/**
 * Usage rolled up per org, metric, dimension and bucket — hourly and daily (UTC) — by the roll-up
 * jobs (server/usage/). What the analytics, quotas and Stripe meter reports read. A row with
 * dimension '' is the metric's total for the bucket (for a distinct-count metric such as
 * active_user, the distinct count, which is not the sum of its dimensions). RLS is in the usage
 * migration.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const USAGE_GRANULARITIES = ['hour', 'day'] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

export const usageRollups = pgTable(
  'usage_rollups',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    granularity: text('granularity', { enum: USAGE_GRANULARITIES }).notNull(),
    dimension: text('dimension').notNull().default(''),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The dashboard reads one metric's buckets over a range: the key is that index, and it INCLUDEs
    // value in the migration (index-only reads; drizzle cannot say INCLUDE).
    primaryKey({ columns: [t.orgId, t.metric, t.granularity, t.dimension, t.bucketStart] }),
    check('usage_rollups_bucket_start', sql`${t.bucketStart} = date_trunc(${t.granularity}, ${t.bucketStart}, 'UTC')`),
    check('usage_rollups_value', sql`${t.value} >= 0`),
  ],
);
