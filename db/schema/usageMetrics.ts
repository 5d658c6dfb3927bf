/**
 * An org's own usage metrics, which its systems report through the public API beside the built-in
 * ones (server/shared/usageMetrics.ts): a usage event naming a metric that is neither is refused.
 * RLS is in the usage migration.
 */
import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

/** How a metric's events combine in a bucket. */
export const USAGE_AGGREGATIONS = ['sum', 'max', 'distinct'] as const;
export type UsageAggregation = (typeof USAGE_AGGREGATIONS)[number];

export const usageMetrics = pgTable(
  'usage_metrics',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** `custom.<name>`: never collides with a built-in key. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    aggregation: text('aggregation', { enum: USAGE_AGGREGATIONS }).notNull().default('sum'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.key] }),
    check('usage_metrics_key', sql`${t.key} ~ '^custom\\.[a-z][a-z0-9_]{0,62}$'`),
  ],
);
