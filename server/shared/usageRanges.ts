/**
 * The periods the usage page offers and how each is bucketed: by UTC hour up to 7 days, by UTC day
 * beyond. Shared with the browser (the period selector, the chart's labels): values only.
 */
import { z } from 'zod';

export const USAGE_RANGES = ['24h', '7d', '30d', '90d', '12m'] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];
export const ZUsageRange = z.enum(USAGE_RANGES);

export type UsageRangeSpec = { label: string; granularity: 'hour' | 'day'; buckets: number };

export const USAGE_RANGE_SPECS: Record<UsageRange, UsageRangeSpec> = {
  '24h': { label: 'Last 24 hours', granularity: 'hour', buckets: 24 },
  '7d': { label: 'Last 7 days', granularity: 'hour', buckets: 7 * 24 },
  '30d': { label: 'Last 30 days', granularity: 'day', buckets: 30 },
  '90d': { label: 'Last 90 days', granularity: 'day', buckets: 90 },
  '12m': { label: 'Last 12 months', granularity: 'day', buckets: 365 },
};

export const DEFAULT_USAGE_RANGE: UsageRange = '30d';

export function isUsageRange(value: string | null | undefined): value is UsageRange {
  return typeof value === 'string' && (USAGE_RANGES as readonly string[]).includes(value);
}

/** The key of the "everything else" series in a per-dimension breakdown. */
export const OTHER_DIMENSION = '__other__';
/** How many dimensions a breakdown names before the rest become "other". */
export const TOP_DIMENSIONS = 5;

/** The metrics the usage page charts, in its order. */
export const DASHBOARD_METRICS = ['api_call', 'active_user', 'storage_bytes'] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];
