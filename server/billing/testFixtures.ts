/**
 * Billing test fixtures: subscription rows written as the Stripe event mirror would write them,
 * through withTenant (these tests do not run the webhook endpoint). Only imported by tests.
 */
import { randomBytes } from 'node:crypto';
import { subscriptions, type SubscriptionStatus } from '../../db/schema';
import type { PlanKey } from '../shared/plans';
import { withTenant } from '../tenancy/withTenant';

const MIRROR = { type: 'system', name: 'billing-tests' } as const;

export async function subscribeOrg(
  orgId: string,
  plan: PlanKey,
  options: { status?: SubscriptionStatus; periodEnd?: Date; cancelAtPeriodEnd?: boolean } = {},
): Promise<string> {
  const id = `sub_${randomBytes(8).toString('hex')}`;
  await withTenant(orgId, MIRROR, (tx) =>
    tx.insert(subscriptions).values({
      orgId,
      id,
      plan,
      priceId: `price_atrium_${plan}`,
      status: options.status ?? 'active',
      currentPeriodStart: new Date(),
      currentPeriodEnd: options.periodEnd ?? new Date(Date.now() + 30 * 86_400_000),
      cancelAtPeriodEnd: options.cancelAtPeriodEnd ?? false,
    }),
  );
  return id;
}
