/**
 * The org's Stripe subscriptions, mirrored from signed Stripe events (server/billing/). The plan
 * an org is on is read from its live subscription (server/shared/plans.ts maps a price to a plan);
 * without one the org is on Free. `stripe_event_at` orders out-of-order events (see
 * billingAccounts.ts). RLS is in the billing migration.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

/** Stripe's subscription statuses. */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const subscriptions = pgTable(
  'subscriptions',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Stripe's id, `sub_…`. */
    id: text('id').notNull(),
    /** The plan key (server/shared/plans.ts) its price maps to. */
    plan: text('plan').notNull(),
    priceId: text('price_id'),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    quantity: integer('quantity').notNull().default(1),
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
    stripeEventAt: integer('stripe_event_at').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('subscriptions_status_idx').on(t.orgId, t.status),
    check('subscriptions_id', sql`${t.id} ~ '^sub_[A-Za-z0-9]{1,250}$'`),
    check('subscriptions_quantity', sql`${t.quantity} >= 0`),
  ],
);
