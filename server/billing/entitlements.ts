/**
 * Plan limits enforced: every path that would take the org past its plan asks here first, inside
 * its tenant transaction. Seats (inviting, accepting an invitation, reactivating a member, renewing
 * an expired invitation) and the longest audit retention are checked here; API calls per month
 * are checked per REST request by ./apiQuota.ts. A refusal is PLAN_LIMIT_REACHED with details
 * the UI turns into an upgrade offer (server/shared/entitlements.ts).
 */
import { AppError } from '../errors';
import {
  describeLimit,
  entitlementsOf,
  offersAbove,
  upgradeLabel,
  type Entitlements,
  type LimitName,
  type PlanLimitDetails,
} from '../shared/entitlements';
import type { Plan } from '../shared/plans';
import type { Tx } from '../tenancy/withTenant';
import { currentPlan } from './currentPlan';
import { lockSeats, seatsInUse } from './seats';

export async function entitlementsFor(tx: Tx, orgId: string): Promise<Entitlements> {
  return entitlementsOf((await currentPlan(tx, orgId)).plan);
}

/** The PLAN_LIMIT_REACHED refusal for `limit` on `plan`; `message` says what was refused. */
export function planLimitReached(plan: Plan, limit: LimitName, used: number, message: string): AppError {
  const allowed = plan.limits[limit] ?? 0;
  const details: PlanLimitDetails = { limit, plan: plan.key, allowed, used, plansAbove: offersAbove(plan.key, limit) };
  const upgrade = upgradeLabel(details);
  return new AppError('PLAN_LIMIT_REACHED', upgrade ? `${message} ${upgrade}.` : message, details);
}

/**
 * Takes the seat lock and refuses when `adding` more seats would pass the plan's limit.
 * `counting: 'active'` (accepting an invitation) counts active members only: the invitation
 * being accepted already held its seat, so only an org that has shrunk its plan meanwhile is refused.
 */
export async function assertSeatsAvailable(
  tx: Tx,
  orgId: string,
  adding: number,
  counting: 'active+invited' | 'active' = 'active+invited',
): Promise<void> {
  if (adding <= 0) return;
  await lockSeats(tx, orgId);
  const { plan } = await currentPlan(tx, orgId);
  const seats = plan.limits.seats;
  if (seats === null) return;
  const inUse = await seatsInUse(tx, orgId);
  const used = counting === 'active' ? inUse.activeMembers : inUse.used;
  if (used + adding <= seats) return;
  const left = Math.max(seats - used, 0);
  const what =
    counting === 'active'
      ? `This organization's ${plan.name} plan has no free seat left (${describeLimit('seats', seats)}, ${used} in use); ask an admin to upgrade.`
      : `Your ${plan.name} plan includes ${describeLimit('seats', seats)} and ${used} are taken by members and open invitations` +
        (left > 0 ? `: you can invite ${left} more.` : '.');
  throw planLimitReached(plan, 'seats', used, what);
}

/** Refuses an audit retention longer than the plan allows. */
export async function assertRetentionAllowed(tx: Tx, orgId: string, days: number): Promise<void> {
  const { plan } = await currentPlan(tx, orgId);
  const allowed = plan.limits.auditRetentionDays;
  if (days <= allowed) return;
  throw planLimitReached(
    plan,
    'auditRetentionDays',
    days,
    `Your ${plan.name} plan keeps audit events for at most ${describeLimit('auditRetentionDays', allowed)}.`,
  );
}
