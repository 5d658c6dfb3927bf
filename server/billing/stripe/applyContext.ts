/**
 * What every apply step of a Stripe event gets: the org's tenant transaction and the event's
 * identity and time. `isRecent` separates news from history: an event created more than
 * NEWS_WINDOW_SECONDS ago (a backfill, the demo's twelve months, a resend of an old event) updates
 * the mirror but raises no alert and records no activity — a payment that failed last spring is
 * not news today, and Stripe's own retries of a failed delivery end within three days.
 */
import type { Tx } from '../../tenancy/withTenant';

export const NEWS_WINDOW_SECONDS = 7 * 24 * 3600;

export type ApplyContext = {
  tx: Tx;
  orgId: string;
  event: { id: string; type: string; created: number };
  isRecent: boolean;
};

/**
 * Applied: the mirror holds what the event says. Stale: the mirror already held a newer event.
 * Unknown customer: the event names no customer to mirror (e.g. a Checkout session without one).
 */
export type ApplyOutcome = 'applied' | 'stale' | 'unknown_customer';

export function isRecentEvent(created: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  return nowSeconds - created <= NEWS_WINDOW_SECONDS;
}

/** Epoch seconds → Date (null stays null). */
export function dateOf(seconds: number | null | undefined): Date | null {
  return seconds === null || seconds === undefined ? null : new Date(seconds * 1000);
}
