/**
 * An org's billing account: its Stripe customer (created when first needed, or learnt from a
 * signed Stripe event naming the org) and the default card Stripe reported, for the "card
 * expiring" alert. One row per org. `stripe_event_at` is the `created` time of the newest Stripe
 * event applied to the row: an older event that arrives later changes nothing (Stripe does not
 * deliver in order). RLS, grants and the pre-tenant customer lookup are in the billing migration.
 */
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const billingAccounts = pgTable(
  'billing_accounts',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id'),
    email: text('email'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: smallint('card_exp_month'),
    cardExpYear: smallint('card_exp_year'),
    /** Stripe event `created` (epoch seconds) of the newest event applied here. */
    stripeEventAt: integer('stripe_event_at').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_accounts_customer_key').on(t.stripeCustomerId),
    check('billing_accounts_customer_id', sql`${t.stripeCustomerId} ~ '^cus_[A-Za-z0-9]{1,250}$'`),
    check('billing_accounts_card_month', sql`${t.cardExpMonth} between 1 and 12`),
  ],
);
