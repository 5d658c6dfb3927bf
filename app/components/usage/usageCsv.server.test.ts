import { describe, expect, it } from 'vitest';
import { usageCsv } from './usageCsv.server';

describe('usage CSV', () => {
  it('writes a row per bucket with its total and a column per shown key', () => {
    const csv = usageCsv({
      metric: 'api_call',
      range: '24h',
      granularity: 'hour',
      from: '2026-12-03T10:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
      dimensions: [
        { key: 'a', label: '=Build, "CI"' },
        { key: '__other__', label: 'Other keys' },
      ],
      buckets: [
        { start: '2026-12-03T10:00:00.000Z', total: 7, byDimension: { a: 5, __other__: 2 } },
        { start: '2026-12-03T11:00:00.000Z', total: 0, byDimension: { a: 0, __other__: 0 } },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      // A key named like a formula is quoted as text, never run by a spreadsheet.
      `bucket_start_utc,total,"'=Build, ""CI""",Other keys`,
      '2026-12-03T10:00:00.000Z,7,5,2',
      '2026-12-03T11:00:00.000Z,0,0,0',
      '',
    ]);
  });
});
