/**
 * The "card expiring" alert: raised once per expiry month (key `yyyy-mm`) when Stripe tells us
 * about a card that expires this month or next (UTC), or sends customer.source.expiring (which it
 * does about a month ahead). Only for recent events: see ./applyContext.ts.
 */
import type { ApplyContext } from './applyContext';
import { claimBillingAlert, recordBillingActivity } from './billingActivity';
import type { StripeCard } from './eventSchemas';

/** Whether a card expiring at the end of month/year is due this month or next, seen from `now`. */
export function expiresThisOrNextMonth(card: Pick<StripeCard, 'exp_month' | 'exp_year'>, now = new Date()): boolean {
  const months = card.exp_year * 12 + (card.exp_month - 1) - (now.getUTCFullYear() * 12 + now.getUTCMonth());
  return months === 0 || months === 1;
}

export function expiryKey(card: Pick<StripeCard, 'exp_month' | 'exp_year'>): string {
  return `${card.exp_year}-${String(card.exp_month).padStart(2, '0')}`;
}

/** Raises the alert when it is due and new; `isAnnounced`: Stripe itself says the card is expiring. */
export async function alertIfCardExpiring(ctx: ApplyContext, card: StripeCard, isAnnounced = false): Promise<void> {
  if (!ctx.isRecent) return;
  if (!isAnnounced && !expiresThisOrNextMonth(card)) return;
  if (!(await claimBillingAlert(ctx.tx, ctx.orgId, 'card_expiring', expiryKey(card)))) return;
  await recordBillingActivity(ctx.tx, ctx.orgId, 'billing.card_expiring', {
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
  });
}
