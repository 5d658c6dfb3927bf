/**
 * What has been reported to Stripe's meters, per org, metric and hour: the report job sends an
 * hour's roll-up once with an identifier made from these three (Stripe refuses a second event
 * with the same identifier), and sends a correction when a late event changed a reported hour.
 * RLS is in the usage migration.
 */
import { bigint, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const usageMeterReports = pgTable(
  'usage_meter_reports',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    /** The hour's total as last reported. */
    reportedValue: bigint('reported_value', { mode: 'number' }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metric, t.hour] })],
);
