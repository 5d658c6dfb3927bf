/**
 * The read side of usage: chart series, month-to-date totals and the org's metrics, read from
 * `usage_rollups` (never `usage_events`) in the caller's tenant transaction. Each read is one
 * statement on the roll-ups' primary key (org_id, metric, granularity, dimension, bucket_start);
 * the dashboard reads its three charts in one of them.
 */
import { sql } from 'drizzle-orm';
import { BUILT_IN_METRICS, isBuiltInMetric, type BuiltInMetric } from '../shared/usageMetrics';
import type { Tx } from '../tenancy/withTenant';
import { DASHBOARD_METRICS, OTHER_DIMENSION, type DashboardMetric, type UsageRange } from '../shared/usageRanges';
import { rangeBuckets, startOfUtcMonth, type RangeBuckets } from './buckets';
import { shapeSeries, type RollupRow, type SeriesBucket } from './breakdown';

/** Metrics broken down per dimension on the charts: API calls per key. */
const BROKEN_DOWN: ReadonlySet<string> = new Set<BuiltInMetric>(['api_call']);

export const DELETED_KEY_LABEL = 'Deleted key';
export const OTHER_KEYS_LABEL = 'Other keys';

export type UsageSeries = {
  metric: string;
  range: UsageRange;
  granularity: 'hour' | 'day';
  from: string;
  to: string;
  buckets: SeriesBucket[];
  /** The breakdown's series, largest first ('__other__' last): key and what to call it. */
  dimensions: { key: string; label: string }[];
};

type RawRow = { metric: string; dimension: string; bucket_start: Date | string; value: string | number };

async function readRollups(tx: Tx, orgId: string, metrics: string[], range: RangeBuckets): Promise<RollupRow[]> {
  const { rows } = await tx.execute<RawRow>(sql`
    select metric, dimension, bucket_start, value
      from usage_rollups
     where org_id = ${orgId}::uuid and metric = any(${sql.param(metrics)}::text[]) and granularity = ${range.granularity}
       and bucket_start >= ${range.from.toISOString()}::timestamptz and bucket_start < ${range.to.toISOString()}::timestamptz`);
  return rows.map((row) => ({
    metric: row.metric,
    dimension: row.dimension,
    bucketStart: new Date(row.bucket_start),
    value: Number(row.value),
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** API key id → name; ids of keys that no longer exist are missing. */
async function apiKeyNames(tx: Tx, orgId: string, ids: string[]): Promise<Map<string, string>> {
  const keyIds = ids.filter((id) => UUID.test(id));
  if (keyIds.length === 0) return new Map();
  const { rows } = await tx.execute<{ id: string; name: string }>(sql`
    select id::text as id, name from api_keys where org_id = ${orgId}::uuid and id = any(${sql.param(keyIds)}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row.name]));
}

async function labelDimensions(
  tx: Tx,
  orgId: string,
  metric: string,
  dimensions: string[],
): Promise<{ key: string; label: string }[]> {
  const names = metric === 'api_call' ? await apiKeyNames(tx, orgId, dimensions) : new Map<string, string>();
  return dimensions.map((key) => {
    if (key === OTHER_DIMENSION) return { key, label: metric === 'api_call' ? OTHER_KEYS_LABEL : 'Other' };
    if (metric === 'api_call') return { key, label: names.get(key) ?? DELETED_KEY_LABEL };
    return { key, label: key };
  });
}

async function seriesOf(
  tx: Tx,
  orgId: string,
  metrics: string[],
  range: UsageRange,
  now: Date,
): Promise<Map<string, UsageSeries>> {
  const buckets = rangeBuckets(range, now);
  const rows = await readRollups(tx, orgId, metrics, buckets);
  const result = new Map<string, UsageSeries>();
  for (const metric of metrics) {
    const shape = shapeSeries(
      rows.filter((row) => row.metric === metric),
      buckets,
      BROKEN_DOWN.has(metric),
    );
    result.set(metric, {
      metric,
      range,
      granularity: buckets.granularity,
      from: buckets.from.toISOString(),
      to: buckets.to.toISOString(),
      buckets: shape.buckets,
      dimensions: await labelDimensions(tx, orgId, metric, shape.dimensions),
    });
  }
  return result;
}

/** One metric over a range: every bucket, its total and (API calls) the top keys plus "other". */
export async function usageSeries(
  tx: Tx,
  orgId: string,
  metric: string,
  range: UsageRange,
  now = new Date(),
): Promise<UsageSeries> {
  return (await seriesOf(tx, orgId, [metric], range, now)).get(metric)!;
}

/** The usage page's three charts, read in one statement. */
export async function dashboardSeries(
  tx: Tx,
  orgId: string,
  range: UsageRange,
  now = new Date(),
): Promise<Record<DashboardMetric, UsageSeries>> {
  const series = await seriesOf(tx, orgId, [...DASHBOARD_METRICS], range, now);
  return {
    api_call: series.get('api_call')!,
    active_user: series.get('active_user')!,
    storage_bytes: series.get('storage_bytes')!,
  };
}

/** Whether `metric` is a built-in metric or one of the org's own. */
export async function isKnownMetric(tx: Tx, orgId: string, metric: string): Promise<boolean> {
  if (isBuiltInMetric(metric)) return true;
  const { rows } = await tx.execute(sql`
    select 1 from usage_metrics where org_id = ${orgId}::uuid and key = ${metric}`);
  return rows.length > 0;
}

export type MonthToDate = { metric: string; aggregation: string; value: number };

/**
 * Each metric's month so far (UTC), from the daily totals: the sum for a summed metric, the peak
 * day for a gauge ('max') or a distinct count (a month's distinct count is not made of days').
 */
export async function monthToDateTotals(tx: Tx, orgId: string, now = new Date()): Promise<MonthToDate[]> {
  const builtIn = Object.entries(BUILT_IN_METRICS);
  const { rows } = await tx.execute<{ metric: string; aggregation: string; value: string | number }>(sql`
    with m(metric, aggregation) as (
      select * from unnest(${sql.param(builtIn.map(([key]) => key))}::text[], ${sql.param(builtIn.map(([, m]) => m.aggregation))}::text[])
      union all
      select key, aggregation from usage_metrics where org_id = ${orgId}::uuid
    )
    select m.metric, m.aggregation,
           coalesce((select case when m.aggregation = 'sum' then sum(r.value) else max(r.value) end
                       from usage_rollups r
                      where r.org_id = ${orgId}::uuid and r.metric = m.metric and r.granularity = 'day'
                        and r.dimension = '' and r.bucket_start >= ${startOfUtcMonth(now).toISOString()}::timestamptz), 0) as value
      from m`);
  return rows.map((row) => ({ metric: row.metric, aggregation: row.aggregation, value: Number(row.value) }));
}
