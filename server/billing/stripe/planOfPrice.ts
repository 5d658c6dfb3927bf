/**
 * Which plan a Stripe subscription grants: its price names a self-serve plan (STRIPE_PRICE_TEAM,
 * STRIPE_PRICE_BUSINESS), or its `metadata.plan` says 'enterprise' (sold by contract, priced per
 * customer). A subscription to any other price is still mirrored — the billing page shows it —
 * but grants Free: an unknown price must never unlock a plan (decision 027).
 */
import { env } from '../../env';
import type { PlanKey } from '../../shared/plans';
import type { StripeSubscription } from './eventSchemas';

export type SubscriptionPlan = { plan: PlanKey; priceId: string; quantity: number; isKnownPrice: boolean };

function planOfPriceId(priceId: string): PlanKey | null {
  if (priceId === env.STRIPE_PRICE_TEAM) return 'team';
  if (priceId === env.STRIPE_PRICE_BUSINESS) return 'business';
  return null;
}

/** The plan and the item it comes from (the first item with a known price, else the first item). */
export function planOfSubscription(subscription: Pick<StripeSubscription, 'items' | 'metadata'>): SubscriptionPlan {
  const items = subscription.items.data;
  const known = items.find((item) => planOfPriceId(item.price.id) !== null);
  const item = known ?? items[0]!;
  const quantity = item.quantity ?? 1;
  if (subscription.metadata?.plan === 'enterprise')
    return { plan: 'enterprise', priceId: item.price.id, quantity, isKnownPrice: true };
  const plan = planOfPriceId(item.price.id);
  return { plan: plan ?? 'free', priceId: item.price.id, quantity, isKnownPrice: plan !== null };
}
