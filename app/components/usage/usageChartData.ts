/**
 * The usage page's chart data, from the usage.* answers: one row per bucket with a short UTC
 * label, API calls stacked per key (names made unique: two deleted keys are two series), the
 * other metrics as one series each; quota bars' fill and tone. Browser-safe and pure.
 */
import type { UsageSeriesOutput } from '../../../server/usage/schemas';
import { groupedCount } from '../../../server/shared/usageNumbers';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const twoDigits = (n: number) => String(n).padStart(2, '0');

export type ChartRow = { label: string } & Record<string, number | string>;
export type ChartData = { rows: ChartRow[]; categories: string[] };

/** "3 Dec 14:00" for an hour, "3 Dec" for a day — UTC, written by hand so server and browser agree. */
export function bucketLabel(start: string, granularity: 'hour' | 'day'): string {
  const date = new Date(start);
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return granularity === 'hour' ? `${day} ${twoDigits(date.getUTCHours())}:00` : day;
}

/** Labels made unique ("Deleted key", "Deleted key (2)"), since a chart's series are named by them. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}

/** Stacked per dimension when the series has a breakdown, else one series named `totalLabel`. */
export function chartData(series: UsageSeriesOutput, totalLabel: string): ChartData {
  if (series.dimensions.length === 0) {
    return {
      categories: [totalLabel],
      rows: series.buckets.map((bucket) => ({
        label: bucketLabel(bucket.start, series.granularity),
        [totalLabel]: bucket.total,
      })),
    };
  }
  const categories = uniqueLabels(series.dimensions.map((dimension) => dimension.label));
  return {
    categories,
    rows: series.buckets.map((bucket) => {
      const row: ChartRow = { label: bucketLabel(bucket.start, series.granularity) };
      series.dimensions.forEach((dimension, i) => {
        row[categories[i]!] = bucket.byDimension[dimension.key] ?? 0;
      });
      return row;
    }),
  };
}

export function seriesTotal(series: UsageSeriesOutput): number {
  return series.buckets.reduce((sum, bucket) => sum + bucket.total, 0);
}

export function seriesPeak(series: UsageSeriesOutput): number {
  return series.buckets.reduce((peak, bucket) => Math.max(peak, bucket.total), 0);
}

export type QuotaTone = 'ok' | 'warning' | 'reached' | 'unlimited';

/** How full a quota is: the bar's width (capped at 100 %), the percentage and its colour band. */
export function quotaFill(used: number, limit: number | null): { percent: number; width: number; tone: QuotaTone } {
  if (limit === null || limit <= 0) return { percent: 0, width: 0, tone: 'unlimited' };
  const percent = Math.floor((used / limit) * 100);
  const tone: QuotaTone = percent >= 100 ? 'reached' : percent >= 80 ? 'warning' : 'ok';
  return { percent, width: Math.min(100, percent), tone };
}

/** "8,000 of 10,000 API calls (80 %)" or "8,000 API calls (unlimited)". */
export function quotaSentence(used: number, limit: number | null, noun: string): string {
  if (limit === null) return `${groupedCount(used)} ${noun} (unlimited)`;
  return `${groupedCount(used)} of ${groupedCount(limit)} ${noun} (${quotaFill(used, limit).percent} %)`;
}

/** The charts' series colours (Tremor names) and the matching swatch class of our own legend. */
export const SERIES_COLORS = [
  { tremor: 'blue', swatch: 'bg-blue-500' },
  { tremor: 'emerald', swatch: 'bg-emerald-500' },
  { tremor: 'violet', swatch: 'bg-violet-500' },
  { tremor: 'amber', swatch: 'bg-amber-500' },
  { tremor: 'cyan', swatch: 'bg-cyan-500' },
  { tremor: 'gray', swatch: 'bg-gray-500' },
] as const;
