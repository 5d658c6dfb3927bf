/**
 * Starting a self-serve subscription: a Stripe Checkout session for Team or Business, for the
 * org's customer (created when first needed), that names the org three ways — the customer's
 * metadata, `client_reference_id` and the subscription's metadata — so the signed events that
 * follow lead back to it. The plan changes only when Stripe's event arrives (the webhook mirror),
 * never on the redirect back. An org that already pays changes plans in the Billing Portal.
 */
import { randomUUID } from 'node:crypto';
import { env } from '../env';
import { AppError } from '../errors';
import { PLANS, type PlanKey } from '../shared/plans';
import { withTenant } from '../tenancy/withTenant';
import { currentPlan } from './currentPlan';
import { ensureStripeCustomer, type BillingCaller } from './customer';
import { billingPageUrl } from './pageUrls';
import { requireStripe } from './stripeClient';
import { callStripe } from './stripeErrors';

export type SelfServePlan = Extract<PlanKey, 'team' | 'business'>;

export function priceOf(plan: SelfServePlan): string {
  return plan === 'team' ? env.STRIPE_PRICE_TEAM : env.STRIPE_PRICE_BUSINESS;
}

export async function startCheckout(
  caller: BillingCaller & { orgSlug: string },
  plan: SelfServePlan,
): Promise<{ url: string }> {
  const stripe = requireStripe();
  const current = await withTenant(caller.orgId, caller.principal, (tx) => currentPlan(tx, caller.orgId));
  if (current.subscriptionId) {
    throw new AppError(
      'INVALID_INPUT',
      `This organization already subscribes to ${current.plan.name}: change plans from "Manage billing" instead`,
      { field: 'plan' },
    );
  }
  const customer = await ensureStripeCustomer(stripe, caller);
  const session = await callStripe(caller.log, 'checkout.sessions.create', () =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer,
        client_reference_id: caller.orgId,
        line_items: [{ price: priceOf(plan), quantity: 1 }],
        metadata: { orgId: caller.orgId, plan },
        subscription_data: { metadata: { orgId: caller.orgId, plan } },
        success_url: billingPageUrl(caller.orgSlug, { checkout: 'success' }),
        cancel_url: billingPageUrl(caller.orgSlug, { checkout: 'canceled' }),
      },
      // Covers the SDK's own retries of this one attempt; another click is another session.
      { idempotencyKey: `atrium-checkout-${caller.orgId}-${randomUUID()}` },
    ),
  );
  if (!session.url)
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      `Stripe did not return a checkout page for ${PLANS[plan].name}; try again`,
    );
  return { url: session.url };
}
