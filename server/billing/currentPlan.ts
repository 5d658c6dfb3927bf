/**
 * The plan an org is on: the plan of its live subscription (trialing, active or past due — a
 * failed payment does not take the plan away while Stripe retries), the best one if there are
 * several, else Free. Read in the org's tenant transaction; one indexed query.
 */
import { sql } from 'drizzle-orm';
import { PLAN_KEYS, PLANS, isPlanKey, type Plan } from '../shared/plans';
import type { Tx } from '../tenancy/withTenant';

export const LIVE_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due'] as const;

export type CurrentPlan = {
  plan: Plan;
  /** The live subscription it comes from (null on Free). */
  subscriptionId: string | null;
};

export async function currentPlan(tx: Tx, orgId: string): Promise<CurrentPlan> {
  const result = await tx.execute<{ id: string; plan: string }>(sql`
    select id, plan from subscriptions
     where org_id = ${orgId}::uuid and status in ('trialing', 'active', 'past_due')`);
  let best: CurrentPlan = { plan: PLANS.free, subscriptionId: null };
  for (const row of result.rows) {
    if (!isPlanKey(row.plan)) continue;
    if (PLAN_KEYS.indexOf(row.plan) > PLAN_KEYS.indexOf(best.plan.key))
      best = { plan: PLANS[row.plan], subscriptionId: row.id };
  }
  return best;
}
