/**
 * Opening Stripe's Billing Portal for the org's customer (created when first needed, so an org on
 * Free may add a card before it upgrades): payment methods, plan changes, cancellation. Returns
 * the portal session's URL; Stripe sends the person back to the billing page.
 */
import { randomUUID } from 'node:crypto';
import { ensureStripeCustomer, type BillingCaller } from './customer';
import { billingPageUrl } from './pageUrls';
import { requireStripe } from './stripeClient';
import { callStripe } from './stripeErrors';

export async function openBillingPortal(caller: BillingCaller & { orgSlug: string }): Promise<{ url: string }> {
  const stripe = requireStripe();
  const customer = await ensureStripeCustomer(stripe, caller);
  const session = await callStripe(caller.log, 'billingPortal.sessions.create', () =>
    stripe.billingPortal.sessions.create(
      { customer, return_url: billingPageUrl(caller.orgSlug) },
      { idempotencyKey: `atrium-portal-${caller.orgId}-${randomUUID()}` },
    ),
  );
  return { url: session.url };
}
