/**
 * The usage page's quota bars and headline numbers, month to date (UTC): API calls against the
 * plan's apiCallsPerMonth, seats (active members and pending invitations) against the plan's
 * seats, active users today and at this month's peak, storage now. Two statements in the caller's
 * tenant transaction: the plan (server/billing/currentPlan.ts) and the rest together.
 */
import { sql } from 'drizzle-orm';
import { currentPlan } from '../billing/currentPlan';
import { plansAbove, type PlanKey } from '../shared/plans';
import type { Tx } from '../tenancy/withTenant';
import { startOfUtcMonth, truncateUtc, utcMonthKey } from './buckets';

export type Quota = { used: number; limit: number | null };

export type UsageSummary = {
  plan: { key: PlanKey; name: string };
  /** The cheapest plan above the current one, where "upgrade" points (null on the top plan). */
  upgradeTo: { key: PlanKey; name: string } | null;
  month: string;
  apiCalls: Quota;
  seats: Quota;
  activeUsers: { today: number; peakThisMonth: number };
  storageBytes: number;
};

type SummaryRow = {
  api_calls: string | number;
  active_today: string | number;
  active_peak: string | number;
  storage: string | number;
  seats: string | number;
};

export async function usageSummary(tx: Tx, orgId: string, now = new Date()): Promise<UsageSummary> {
  const { plan } = await currentPlan(tx, orgId);
  const month = startOfUtcMonth(now).toISOString();
  const today = truncateUtc(now, 'day').toISOString();
  const daily = (metric: string) =>
    sql`from usage_rollups where org_id = ${orgId}::uuid and metric = ${metric} and granularity = 'day' and dimension = ''`;
  const { rows } = await tx.execute<SummaryRow>(sql`
    select
      (select coalesce(sum(value), 0) ${daily('api_call')} and bucket_start >= ${month}::timestamptz) as api_calls,
      (select coalesce(max(value), 0) ${daily('active_user')} and bucket_start = ${today}::timestamptz) as active_today,
      (select coalesce(max(value), 0) ${daily('active_user')} and bucket_start >= ${month}::timestamptz) as active_peak,
      coalesce((select value ${daily('storage_bytes')} order by bucket_start desc limit 1), 0) as storage,
      (select count(*) from memberships where org_id = ${orgId}::uuid and status = 'active')
        + (select count(*) from invitations where org_id = ${orgId}::uuid and status = 'pending' and expires_at > now()) as seats`);
  const row = rows[0]!;
  const next = plansAbove(plan.key).find((candidate) => candidate.isSelfServe) ?? plansAbove(plan.key)[0] ?? null;
  return {
    plan: { key: plan.key, name: plan.name },
    upgradeTo: next ? { key: next.key, name: next.name } : null,
    month: utcMonthKey(now),
    apiCalls: { used: Number(row.api_calls), limit: plan.limits.apiCallsPerMonth },
    seats: { used: Number(row.seats), limit: plan.limits.seats },
    activeUsers: { today: Number(row.active_today), peakThisMonth: Number(row.active_peak) },
    storageBytes: Number(row.storage),
  };
}
