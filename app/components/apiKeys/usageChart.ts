/**
 * The usage chart's data, from the apiKeys.usage answer: one row per bucket with a short label
 * (hours in UTC, days in the org's time zone — the server's buckets) and the four outcome
 * classes under the names the legend shows, and the totals that say it in words. Browser-safe.
 */
import type { ApiKeyUsage, ApiKeyUsageRange } from '../../../server/apiKeys/schemas';
import { countOf } from '../../../server/shared/plural';

export const USAGE_RANGES: { value: ApiKeyUsageRange; label: string; span: string }[] = [
  { value: '24h', label: '24 hours', span: 'the last 24 hours' },
  { value: '7d', label: '7 days', span: 'the last 7 days' },
  { value: '30d', label: '30 days', span: 'the last 30 days' },
];

export const USAGE_SERIES = [
  { field: 'ok', label: 'Succeeded', one: 'succeeded', many: 'succeeded', color: 'emerald' },
  { field: 'clientErrors', label: 'Client errors', one: 'client error', many: 'client errors', color: 'amber' },
  { field: 'serverErrors', label: 'Server errors', one: 'server error', many: 'server errors', color: 'red' },
  { field: 'limited', label: 'Rate limited', one: 'rate limited', many: 'rate limited', color: 'indigo' },
] as const;

type Field = (typeof USAGE_SERIES)[number]['field'];
export type UsageChartRow = { label: string } & Record<string, number | string>;

const twoDigits = (n: number) => String(n).padStart(2, '0');

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  } catch {
    // An unknown zone name: the bucket starts are still right, the labels fall back to UTC.
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
  }
}

/** "14:00" for an hour (UTC), "3 Dec" for a day (in the org's zone). */
export function bucketLabels(usage: Pick<ApiKeyUsage, 'bucket' | 'timeZone' | 'buckets'>): string[] {
  if (usage.bucket === 'hour') {
    return usage.buckets.map((bucket) => `${twoDigits(new Date(bucket.start).getUTCHours())}:00`);
  }
  const format = dayFormatter(usage.timeZone);
  return usage.buckets.map((bucket) => format.format(new Date(bucket.start)));
}

export function chartRows(usage: ApiKeyUsage): UsageChartRow[] {
  const labels = bucketLabels(usage);
  return usage.buckets.map((bucket, i) => {
    const row: UsageChartRow = { label: labels[i] ?? bucket.start };
    for (const series of USAGE_SERIES) row[series.label] = bucket[series.field];
    return row;
  });
}

export function usageTotals(usage: ApiKeyUsage): Record<Field, number> & { requests: number } {
  const totals = { ok: 0, clientErrors: 0, serverErrors: 0, limited: 0, requests: 0 };
  for (const bucket of usage.buckets) {
    for (const { field } of USAGE_SERIES) {
      totals[field] += bucket[field];
      totals.requests += bucket[field];
    }
  }
  return totals;
}

/** The chart in words, for screen readers and for anyone who prefers numbers. */
export function usageSummary(usage: ApiKeyUsage, span: string): string {
  const totals = usageTotals(usage);
  const parts = USAGE_SERIES.map((series) => countOf(totals[series.field], series.one, series.many));
  return `${countOf(totals.requests, 'request')} in ${span}: ${parts.join(', ')}.`;
}
