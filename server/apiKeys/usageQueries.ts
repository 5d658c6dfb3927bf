/**
 * Reading one key's usage for the portal's chart, in the caller's tenant transaction: the last 24
 * hours by UTC hour, or the last 7 or 30 days by day in the org's time zone (a day's total is the
 * hours that start in it), every bucket present — empty ones count zero.
 */
import { and, eq, sql } from 'drizzle-orm';
import { apiKeys } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import type { ApiKeyUsage, ApiKeyUsageRange } from './schemas';

const RANGE_BUCKETS: Record<ApiKeyUsageRange, { unit: 'hour' | 'day'; count: number }> = {
  '24h': { unit: 'hour', count: 24 },
  '7d': { unit: 'day', count: 7 },
  '30d': { unit: 'day', count: 30 },
};

type BucketRow = {
  start: Date;
  ok: number;
  client_errors: number;
  server_errors: number;
  limited: number;
  time_zone: string;
};

export async function apiKeyUsageSeries(
  tx: Tx,
  orgId: string,
  keyId: string,
  range: ApiKeyUsageRange,
  now = new Date(),
): Promise<ApiKeyUsage> {
  const [key] = await tx
    .select({ lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)));
  if (!key) throw new AppError('API_KEY_NOT_FOUND');
  const { unit, count } = RANGE_BUCKETS[range];
  const step = unit === 'hour' ? '1 hour' : '1 day';
  // Hours are UTC hours (the rows' own buckets); days are the org's calendar days.
  const { rows } = await tx.execute<BucketRow>(sql`
    with zone as (
      select case when ${unit} = 'hour' then 'UTC' else coalesce(o.timezone, 'UTC') end as name
        from (select 1) one left join organizations o on o.id = ${orgId}::uuid
    ),
    buckets as (
      select (local at time zone zone.name) as start,
             ((local + ${step}::interval) at time zone zone.name) as finish,
             zone.name as time_zone
        from zone,
             generate_series(date_trunc(${unit}, ${now.toISOString()}::timestamptz at time zone zone.name)
                               - ${count - 1} * ${step}::interval,
                             date_trunc(${unit}, ${now.toISOString()}::timestamptz at time zone zone.name),
                             ${step}::interval) as local
    )
    select b.start, b.time_zone,
           coalesce(sum(u.ok), 0)::int as ok,
           coalesce(sum(u.client_errors), 0)::int as client_errors,
           coalesce(sum(u.server_errors), 0)::int as server_errors,
           coalesce(sum(u.limited), 0)::int as limited
      from buckets b
      left join api_key_usage u
        on u.org_id = ${orgId}::uuid and u.key_id = ${keyId}::uuid and u.hour >= b.start and u.hour < b.finish
     group by b.start, b.time_zone
     order by b.start`);
  return {
    range,
    bucket: unit,
    timeZone: rows[0]?.time_zone ?? 'UTC',
    lastUsedAt: key.lastUsedAt,
    buckets: rows.map((row) => ({
      start: new Date(row.start).toISOString(),
      ok: row.ok,
      clientErrors: row.client_errors,
      serverErrors: row.server_errors,
      limited: row.limited,
    })),
  };
}
