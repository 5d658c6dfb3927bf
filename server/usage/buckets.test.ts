import { describe, expect, it } from 'vitest';
import { rangeBuckets, startOfUtcMonth, utcMonthKey } from './buckets';

describe('usage range buckets', () => {
  const now = new Date('2026-03-10T15:42:10Z');

  it('gives 24 UTC hours ending with the current one for 24h', () => {
    const range = rangeBuckets('24h', now);
    expect(range.granularity).toBe('hour');
    expect(range.starts).toHaveLength(24);
    expect(range.starts.at(-1)!.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(range.from.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it('keeps hours for 7 days and switches to UTC days beyond', () => {
    expect(rangeBuckets('7d', now).starts).toHaveLength(168);
    const month = rangeBuckets('30d', now);
    expect(month.granularity).toBe('day');
    expect(month.starts).toHaveLength(30);
    expect(month.starts.at(-1)!.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(rangeBuckets('12m', now).starts).toHaveLength(365);
  });

  it('names the UTC month', () => {
    expect(startOfUtcMonth(now).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(utcMonthKey(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });
});
