import { describe, expect, it } from 'vitest';
import type { UsageSeriesOutput } from '../../../server/usage/schemas';
import { bucketLabel, chartData, quotaFill, quotaSentence, uniqueLabels } from './usageChartData';

const series = (dimensions: UsageSeriesOutput['dimensions']): UsageSeriesOutput => ({
  metric: 'api_call',
  range: '24h',
  granularity: 'hour',
  from: '2026-12-03T10:00:00.000Z',
  to: '2026-12-03T12:00:00.000Z',
  dimensions,
  buckets: [
    { start: '2026-12-03T10:00:00.000Z', total: 5, byDimension: { a: 3, b: 2 } },
    { start: '2026-12-03T11:00:00.000Z', total: 0, byDimension: { a: 0, b: 0 } },
  ],
});

describe('usage chart data', () => {
  it('labels UTC hours and days', () => {
    expect(bucketLabel('2026-12-03T09:00:00.000Z', 'hour')).toBe('3 Dec 09:00');
    expect(bucketLabel('2026-01-31T00:00:00.000Z', 'day')).toBe('31 Jan');
  });

  it('stacks per key under unique names, or shows the total alone', () => {
    const stacked = chartData(
      series([
        { key: 'a', label: 'Deleted key' },
        { key: 'b', label: 'Deleted key' },
      ]),
      'API calls',
    );
    expect(stacked.categories).toEqual(['Deleted key', 'Deleted key (2)']);
    expect(stacked.rows[0]).toEqual({ label: '3 Dec 10:00', 'Deleted key': 3, 'Deleted key (2)': 2 });
    const total = chartData(series([]), 'Active users');
    expect(total.rows.map((row) => row['Active users'])).toEqual([5, 0]);
    expect(uniqueLabels(['x', 'y', 'x', 'x'])).toEqual(['x', 'y', 'x (2)', 'x (3)']);
  });

  it('colours a quota at 80 % and 100 %, and caps the bar', () => {
    expect(quotaFill(7_999, 10_000)).toEqual({ percent: 79, width: 79, tone: 'ok' });
    expect(quotaFill(8_000, 10_000).tone).toBe('warning');
    expect(quotaFill(12_000, 10_000)).toEqual({ percent: 120, width: 100, tone: 'reached' });
    expect(quotaFill(5, null).tone).toBe('unlimited');
    expect(quotaSentence(8_000, 10_000, 'API calls')).toBe('8,000 of 10,000 API calls (80 %)');
  });
});
