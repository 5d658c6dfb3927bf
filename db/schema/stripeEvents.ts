/**
 * Every Stripe event received, by its id: what makes POST /webhooks/stripe idempotent (a
 * redelivered event is recognised and changes nothing). A global table without tenant data — an
 * event for an unknown customer has no org — reached by the runtime role only through the
 * app_stripe_event_record function of the billing migration, inside the transaction that applies
 * the event, so a failed apply leaves the event unrecorded and Stripe's retry is applied.
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** What happened to an event: applied to a tenant's mirror, or recorded and ignored (and why). */
export const STRIPE_EVENT_OUTCOMES = ['applied', 'unknown_customer', 'unhandled_type', 'stale'] as const;
export type StripeEventOutcome = (typeof STRIPE_EVENT_OUTCOMES)[number];

export const stripeEvents = pgTable('stripe_events', {
  /** Stripe's id, `evt_…`. */
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  /** The event's `created` (epoch seconds). */
  stripeCreatedAt: integer('stripe_created_at').notNull(),
  outcome: text('outcome', { enum: STRIPE_EVENT_OUTCOMES }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
