/**
 * customer.subscription.created / updated / deleted into `subscriptions`: plan (./planOfPrice.ts),
 * price, status, seats, the current period (per item since API 2025-03: the plan's item), and
 * cancellation. An event older than the row's `stripe_event_at` changes nothing. A change of plan,
 * status, seats or pending cancellation records `subscription.changed` (when the event is recent).
 */
import { and, eq, sql } from 'drizzle-orm';
import { subscriptions } from '../../../db/schema/subscriptions';
import { logger } from '../../logger';
import { dateOf, type ApplyContext, type ApplyOutcome } from './applyContext';
import { recordBillingActivity } from './billingActivity';
import type { StripeSubscription } from './eventSchemas';
import { planOfSubscription } from './planOfPrice';

export async function applySubscription(ctx: ApplyContext, subscription: StripeSubscription): Promise<ApplyOutcome> {
  const { tx, orgId } = ctx;
  const [before] = await tx
    .select({
      plan: subscriptions.plan,
      status: subscriptions.status,
      quantity: subscriptions.quantity,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      stripeEventAt: subscriptions.stripeEventAt,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.orgId, orgId), eq(subscriptions.id, subscription.id)))
    .for('update');
  if (before && before.stripeEventAt > ctx.event.created) return 'stale';

  const { plan, priceId, quantity, isKnownPrice } = planOfSubscription(subscription);
  if (!isKnownPrice)
    logger.warn({ orgId, subscriptionId: subscription.id, priceId }, 'subscription to an unknown price grants Free');
  const item = subscription.items.data.find((i) => i.price.id === priceId) ?? subscription.items.data[0]!;
  // customer.subscription.deleted carries the subscription as it ended: status 'canceled'.
  const status = ctx.event.type === 'customer.subscription.deleted' ? 'canceled' : subscription.status;
  const row = {
    plan,
    priceId,
    status,
    quantity,
    currentPeriodStart: dateOf(item.current_period_start),
    currentPeriodEnd: dateOf(item.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: dateOf(subscription.canceled_at),
    stripeEventAt: ctx.event.created,
  } as const;
  const written = await tx
    .insert(subscriptions)
    .values({ orgId, id: subscription.id, ...row })
    .onConflictDoUpdate({
      target: [subscriptions.orgId, subscriptions.id],
      set: { ...row, updatedAt: sql`now()` },
      setWhere: sql`excluded.stripe_event_at >= ${subscriptions.stripeEventAt}`,
    })
    .returning({ id: subscriptions.id });
  if (written.length === 0) return 'stale';

  const isChanged =
    !before ||
    before.plan !== plan ||
    before.status !== status ||
    before.quantity !== quantity ||
    before.cancelAtPeriodEnd !== row.cancelAtPeriodEnd;
  if (isChanged && ctx.isRecent) {
    await recordBillingActivity(tx, orgId, 'subscription.changed', {
      subscriptionId: subscription.id,
      plan,
      status,
      quantity,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      previousPlan: before?.plan ?? null,
      previousStatus: before?.status ?? null,
    });
  }
  return 'applied';
}
