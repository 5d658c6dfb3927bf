/**
 * Billing alerts already raised (quota at 80 % or 100 % in a period, a failed payment, a card about
 * to expire): a row is written in the same transaction as the alert's notification and activity
 * event, and its key makes each alert happen once — `quota:<metric>:<period>:<percent>`,
 * `payment_failed:<invoice id>`, `card_expiring:<yyyy-mm>`. RLS is in the billing migration.
 */
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const BILLING_ALERT_KINDS = ['quota_warning', 'quota_reached', 'payment_failed', 'card_expiring'] as const;
export type BillingAlertKind = (typeof BILLING_ALERT_KINDS)[number];

export const billingAlerts = pgTable(
  'billing_alerts',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: BILLING_ALERT_KINDS }).notNull(),
    key: text('key').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.key] })],
);
