/**
 * The demo tenant's year of usage: seeded through the real ingest and roll-up in a few seconds,
 * a year of daily roll-ups for each built-in metric with a visible weekly shape, and seeding again
 * writes nothing and changes no roll-up.
 */
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { seedDemo } from './seed';
import { seedUsageHistory } from './usageHistory';

async function dailyTotals(orgId: string) {
  return adminQuery<{ metric: string; days: number; weekday: number; weekend: number; total: string }>(
    `select metric, count(*)::int as days, sum(value)::text as total,
            avg(value) filter (where extract(isodow from bucket_start at time zone 'UTC') < 6)::float8 as weekday,
            avg(value) filter (where extract(isodow from bucket_start at time zone 'UTC') >= 6)::float8 as weekend
       from usage_rollups where org_id = $1 and granularity = 'day' and dimension = ''
      group by metric order by metric`,
    [orgId],
  );
}

describe('demo usage history', () => {
  it('seeds a year of usage with a weekly shape, once', async () => {
    const started = Date.now();
    await seedDemo({ print: false });
    expect(Date.now() - started).toBeLessThan(20_000);
    const [org] = await adminQuery<{ id: string }>(`select id from organizations where slug = 'acme'`);
    const totals = await dailyTotals(org!.id);
    expect(totals.map((t) => t.metric)).toEqual(['active_user', 'api_call', 'storage_bytes']);
    for (const metric of totals) {
      expect(metric.days, metric.metric).toBeGreaterThanOrEqual(364);
    }
    const calls = totals.find((t) => t.metric === 'api_call')!;
    expect(calls.weekday).toBeGreaterThan(2 * calls.weekend);
    const users = totals.find((t) => t.metric === 'active_user')!;
    expect(users.weekday).toBeGreaterThan(users.weekend);
    const [marks] = await adminQuery<{ n: number }>(
      'select count(*)::int as n from usage_dirty_hours where org_id = $1',
      [org!.id],
    );
    expect(marks!.n).toBe(0);

    expect(await seedUsageHistory(org!.id)).toBe(0);
    expect(await dailyTotals(org!.id)).toEqual(totals);
  });
});
