/**
 * What the billing page shows, read in the org's tenant transaction: the plan and its limits,
 * seats in use, the live subscription (as the Stripe event mirror last wrote it), the card on
 * file, whether Stripe is connected, and the catalogue to compare plans.
 */
import { and, eq } from 'drizzle-orm';
import { billingAccounts, subscriptions } from '../../db/schema';
import { env } from '../env';
import { entitlementsOf } from '../shared/entitlements';
import { PLAN_KEYS, PLANS } from '../shared/plans';
import type { Tx } from '../tenancy/withTenant';
import { currentPlan } from './currentPlan';
import type { BillingOverview } from './schemas';
import { seatsInUse } from './seats';
import { isStripeConfigured } from './stripeClient';

export async function billingOverview(tx: Tx, orgId: string): Promise<BillingOverview> {
  const { plan, subscriptionId } = await currentPlan(tx, orgId);
  // One after another: a transaction's client runs one query at a time.
  const seats = await seatsInUse(tx, orgId);
  const [subscription] = subscriptionId
    ? await tx
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.orgId, orgId), eq(subscriptions.id, subscriptionId)))
    : [];
  const [account] = await tx.select().from(billingAccounts).where(eq(billingAccounts.orgId, orgId));
  return {
    plan,
    entitlements: entitlementsOf(plan),
    seats: { ...seats, limit: plan.limits.seats },
    subscription: subscription
      ? {
          id: subscription.id,
          plan: subscription.plan,
          status: subscription.status,
          currentPeriodEnd: subscription.currentPeriodEnd,
          cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
          isPastDue: subscription.status === 'past_due',
        }
      : null,
    card:
      account?.cardBrand && account.cardLast4
        ? {
            brand: account.cardBrand,
            last4: account.cardLast4,
            expMonth: account.cardExpMonth,
            expYear: account.cardExpYear,
          }
        : null,
    hasStripeCustomer: Boolean(account?.stripeCustomerId),
    isStripeConfigured: isStripeConfigured(),
    stripeWebhookUrl: new URL('/webhooks/stripe', env.APP_URL).toString(),
    salesEmail: env.SALES_EMAIL,
    catalogue: PLAN_KEYS.map((key) => PLANS[key]),
  };
}
