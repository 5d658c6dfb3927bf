/**
 * The monthly API call quota of the org's plan, checked on every REST request once its key is
 * known (server/rest/router.ts). Calls are counted from api_key_usage (every answer but a 429,
 * this UTC month), read at most once a minute per org and process; between reads the requests
 * this process let through are added, so the quota holds within a minute's traffic of other
 * app nodes and the few seconds of counts still waiting in server/apiKeys/usage.ts's buffer.
 * A plan change is seen within the same minute. Never holds a transaction beyond one read.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors';
import { describeLimit, offersAbove, upgradeLabel, type PlanLimitDetails } from '../shared/entitlements';
import type { Plan } from '../shared/plans';
import { withTenant } from '../tenancy/withTenant';
import { currentPlan } from './currentPlan';

export const QUOTA_READ_TTL_MS = 60_000;
/** Orgs held at most; past it the cache starts over (a read per org and minute at worst). */
const MAX_CACHED_ORGS = 20_000;
const QUOTA_PRINCIPAL = { type: 'system', name: 'apiQuota' } as const;

type QuotaEntry = { month: string; readAt: number; plan: Plan; callsAtRead: number; admittedSince: number };

const entries = new Map<string, QuotaEntry>();
const reads = new Map<string, Promise<QuotaEntry>>();

/** The first instant of the UTC month `at` falls in. */
export function monthStartOf(at: number): Date {
  const date = new Date(at);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function nextMonthStartOf(at: number): Date {
  const date = new Date(at);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

async function readQuota(orgId: string, now: number): Promise<QuotaEntry> {
  const monthStart = monthStartOf(now);
  return withTenant(orgId, QUOTA_PRINCIPAL, async (tx) => {
    const { plan } = await currentPlan(tx, orgId);
    const result = await tx.execute<{ calls: number }>(sql`
      select coalesce(sum(ok + client_errors + server_errors), 0)::bigint::float8 as calls
        from api_key_usage where org_id = ${orgId}::uuid and hour >= ${monthStart.toISOString()}::timestamptz`);
    return {
      month: monthStart.toISOString(),
      readAt: now,
      plan,
      callsAtRead: Number(result.rows[0]?.calls ?? 0),
      admittedSince: 0,
    };
  });
}

async function entryFor(orgId: string, now: number): Promise<QuotaEntry> {
  const cached = entries.get(orgId);
  if (cached && cached.month === monthStartOf(now).toISOString() && now - cached.readAt < QUOTA_READ_TTL_MS) {
    return cached;
  }
  let read = reads.get(orgId);
  if (!read) {
    read = readQuota(orgId, now).finally(() => reads.delete(orgId));
    reads.set(orgId, read);
  }
  const entry = await read;
  if (entries.size >= MAX_CACHED_ORGS && !entries.has(orgId)) entries.clear();
  entries.set(orgId, entry);
  return entry;
}

export type QuotaRefusal = AppError & { retryAfterSeconds: number };

/**
 * Counts one request against the org's monthly quota, or refuses it with API_QUOTA_EXCEEDED
 * (429). `retryAfterSeconds` on the error: until the quota resets at the next UTC month.
 */
export async function admitApiCall(orgId: string, now = Date.now()): Promise<void> {
  const entry = await entryFor(orgId, now);
  const allowed = entry.plan.limits.apiCallsPerMonth;
  const used = entry.callsAtRead + entry.admittedSince;
  if (allowed === null || used < allowed) {
    entry.admittedSince += 1;
    return;
  }
  const resetsAt = nextMonthStartOf(now);
  const details: PlanLimitDetails & { resetsAt: string } = {
    limit: 'apiCallsPerMonth',
    plan: entry.plan.key,
    allowed,
    used,
    plansAbove: offersAbove(entry.plan.key, 'apiCallsPerMonth'),
    resetsAt: resetsAt.toISOString(),
  };
  const upgrade = upgradeLabel(details);
  const message =
    `This organization has used the ${describeLimit('apiCallsPerMonth', allowed)} of its ${entry.plan.name} plan; ` +
    `the quota resets on ${resetsAt.toISOString().slice(0, 10)}.` +
    (upgrade ? ` ${upgrade}.` : '');
  const error = new AppError('API_QUOTA_EXCEEDED', message, details) as QuotaRefusal;
  error.retryAfterSeconds = Math.max(1, Math.ceil((resetsAt.getTime() - now) / 1000));
  throw error;
}

/** Forgets every cached count (tests, and a process that must see a plan change at once). */
export function forgetApiQuotas(): void {
  entries.clear();
}
