/**
 * The buckets of a usage range in UTC: the start of each hour or day from the oldest to the one
 * that holds `now`, so a chart always has every bucket, empty ones at zero. Pure: no database.
 */
import { USAGE_RANGE_SPECS, type UsageRange } from '../shared/usageRanges';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type RangeBuckets = {
  granularity: 'hour' | 'day';
  /** Bucket starts, oldest first. */
  starts: Date[];
  /** The first bucket's start (inclusive). */
  from: Date;
  /** The end of the last bucket (exclusive). */
  to: Date;
};

export function truncateUtc(time: Date, granularity: 'hour' | 'day'): Date {
  const step = granularity === 'hour' ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(time.getTime() / step) * step);
}

export function startOfUtcMonth(time: Date): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 1));
}

/** `yyyy-mm` of the UTC month holding `time`. */
export function utcMonthKey(time: Date): string {
  return time.toISOString().slice(0, 7);
}

export function rangeBuckets(range: UsageRange, now: Date): RangeBuckets {
  const { granularity, buckets } = USAGE_RANGE_SPECS[range];
  const step = granularity === 'hour' ? HOUR_MS : DAY_MS;
  const last = truncateUtc(now, granularity).getTime();
  const starts = Array.from({ length: buckets }, (_, i) => new Date(last - (buckets - 1 - i) * step));
  return { granularity, starts, from: starts[0]!, to: new Date(last + step) };
}
