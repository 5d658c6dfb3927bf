/**
 * Quota alerts for API calls: the month-to-date total (UTC, from the daily roll-ups) against the
 * plan's apiCallsPerMonth. Crossing 80 % raises 'quota_warning', crossing 100 % 'quota_reached' —
 * each once per month: its billing_alerts row (key `api_call:<yyyy-mm>`) is written in the caller's
 * transaction with the activity event `usage.quota_warning` / `usage.quota_reached`, from which the
 * webhook relay and the inbox fan-out make their own (server/shared/webhookEvents.ts,
 * server/notifications/kinds.ts: billing:read holders are notified). A month that jumps past both
 * thresholds at once raises only 'quota_reached' (the warning is marked as raised, never sent
 * late). An unlimited plan never alerts. Called by the roll-up job after each roll-up.
 */
import { sql } from 'drizzle-orm';
import { currentPlan } from '../billing/currentPlan';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { startOfUtcMonth, utcMonthKey } from './buckets';

export const QUOTA_THRESHOLDS = [
  { percent: 100, kind: 'quota_reached', eventType: 'usage.quota_reached' },
  { percent: 80, kind: 'quota_warning', eventType: 'usage.quota_warning' },
] as const;

export type RaisedQuotaAlert = {
  kind: 'quota_warning' | 'quota_reached';
  used: number;
  limit: number;
  percent: number;
};

async function apiCallsThisMonth(tx: Tx, orgId: string, now: Date): Promise<number> {
  const { rows } = await tx.execute<{ used: string | number }>(sql`
    select coalesce(sum(value), 0) as used from usage_rollups
     where org_id = ${orgId}::uuid and metric = 'api_call' and granularity = 'day' and dimension = ''
       and bucket_start >= ${startOfUtcMonth(now).toISOString()}::timestamptz`);
  return Number(rows[0]?.used ?? 0);
}

/** Writes the alert's row; true when it is new (not raised before this month). */
async function markRaised(tx: Tx, orgId: string, kind: string, key: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    insert into billing_alerts (org_id, kind, key) values (${orgId}::uuid, ${kind}, ${key})
    on conflict do nothing returning 1`);
  return rows.length > 0;
}

export async function raiseQuotaAlerts(tx: Tx, orgId: string, now = new Date()): Promise<RaisedQuotaAlert[]> {
  const { plan } = await currentPlan(tx, orgId);
  const limit = plan.limits.apiCallsPerMonth;
  if (limit === null || limit <= 0) return [];
  const used = await apiCallsThisMonth(tx, orgId, now);
  const percent = Math.floor((used / limit) * 100);
  const key = `api_call:${utcMonthKey(now)}`;
  const raised: RaisedQuotaAlert[] = [];
  let isHigherRaised = false;
  for (const threshold of QUOTA_THRESHOLDS) {
    if (percent < threshold.percent) continue;
    const isNew = await markRaised(tx, orgId, threshold.kind, key);
    // Past 100 % the warning is moot: marked, so it is not sent later this month, but not sent.
    if (isNew && !isHigherRaised) {
      await recordEvent(tx, {
        orgId,
        topic: 'activity',
        type: threshold.eventType,
        actorUserId: null,
        data: { metric: 'api_call', used, limit, percent, plan: plan.key },
      });
      raised.push({ kind: threshold.kind, used, limit, percent });
    }
    if (isNew) isHigherRaised = true;
  }
  return raised;
}
