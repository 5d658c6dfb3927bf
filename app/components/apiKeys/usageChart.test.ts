import { describe, expect, it } from 'vitest';
import type { ApiKeyUsage } from '../../../server/apiKeys/schemas';
import { bucketLabels, chartRows, usageSummary, usageTotals } from './usageChart';

const bucket = (start: string, ok = 0, clientErrors = 0, serverErrors = 0, limited = 0) => ({
  start,
  ok,
  clientErrors,
  serverErrors,
  limited,
});

const week: ApiKeyUsage = {
  range: '7d',
  bucket: 'day',
  timeZone: 'America/New_York',
  lastUsedAt: null,
  buckets: [bucket('2026-12-02T05:00:00.000Z', 3, 1), bucket('2026-12-03T05:00:00.000Z', 2, 0, 1, 4)],
};

describe('usage chart data', () => {
  it('labels days in the org’s zone and hours in UTC', () => {
    expect(bucketLabels(week)).toEqual(['2 Dec', '3 Dec']);
    expect(bucketLabels({ bucket: 'hour', timeZone: 'UTC', buckets: [bucket('2026-12-03T09:00:00.000Z')] })).toEqual([
      '09:00',
    ]);
  });

  it('falls back to UTC day labels for a zone the browser does not know', () => {
    expect(bucketLabels({ ...week, timeZone: 'Nowhere/Atlantis' })).toEqual(['2 Dec', '3 Dec']);
  });

  it('gives each bucket the legend’s names, and adds everything up', () => {
    expect(chartRows(week)[1]).toEqual({
      label: '3 Dec',
      Succeeded: 2,
      'Client errors': 0,
      'Server errors': 1,
      'Rate limited': 4,
    });
    expect(usageTotals(week)).toEqual({ ok: 5, clientErrors: 1, serverErrors: 1, limited: 4, requests: 11 });
    expect(usageSummary(week, 'the last 7 days')).toBe(
      '11 requests in the last 7 days: 5 succeeded, 1 client error, 1 server error, 4 rate limited.',
    );
  });
});
