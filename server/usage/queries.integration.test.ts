/**
 * The usage read side against real PostgreSQL, as the runtime role under RLS: series come back
 * with every bucket (zero where nothing was used), by hour up to 7 days and by day beyond; API
 * calls break down by key — the five largest by name, the rest as "Other keys", a deleted key as
 * "Deleted key"; the summary sets month-to-date usage against the plan; nothing of another org
 * is ever read; the procedures need usage:read.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAdminPool } from '../../test/db';
import { closeAppPool } from '../database';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { PLANS } from '../shared/plans';
import { OTHER_DIMENSION } from '../shared/usageRanges';
import { withTenant } from '../tenancy/withTenant';
import { truncateUtc } from './buckets';
import { DELETED_KEY_LABEL, OTHER_KEYS_LABEL, monthToDateTotals, usageSeries } from './queries';
import { subscribeOrg } from '../billing/testFixtures';
import { hourWithDay, writeRollups } from './rollupFixtures';

const HOUR_MS = 3_600_000;
const SYSTEM = { type: 'system', name: 'test' } as const;

describe('usage queries', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let viewer: Person;
  const now = new Date();
  const thisHour = truncateUtc(now, 'hour');
  const hoursAgo = (n: number) => new Date(thisHour.getTime() - n * HOUR_MS);

  beforeAll(async () => {
    [org, other] = await Promise.all([rolesTestOrg('usage-q'), rolesTestOrg('usage-q-other')]);
    viewer = await personIn(org, 'usage-viewer', 'viewer');
  });

  afterAll(async () => {
    await closeAppPool();
    await closeAdminPool();
  });

  it('zero-fills every UTC hour of a day and every UTC day of a month', async () => {
    await writeRollups(org.orgId, [
      ...hourWithDay('active_user', hoursAgo(0), 3),
      { metric: 'active_user', granularity: 'hour', bucketStart: hoursAgo(5), value: 2 },
    ]);
    const day = await withTenant(org.orgId, SYSTEM, (tx) => usageSeries(tx, org.orgId, 'active_user', '24h', now));
    expect(day.granularity).toBe('hour');
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets.at(-1)).toMatchObject({ start: thisHour.toISOString(), total: 3 });
    expect(day.buckets.at(-6)).toMatchObject({ start: hoursAgo(5).toISOString(), total: 2 });
    expect(day.buckets.filter((bucket) => bucket.total === 0)).toHaveLength(22);

    const week = await withTenant(org.orgId, SYSTEM, (tx) => usageSeries(tx, org.orgId, 'active_user', '7d', now));
    expect(week.granularity).toBe('hour');
    expect(week.buckets).toHaveLength(168);

    const month = await withTenant(org.orgId, SYSTEM, (tx) => usageSeries(tx, org.orgId, 'active_user', '30d', now));
    expect(month.granularity).toBe('day');
    expect(month.buckets).toHaveLength(30);
    expect(month.buckets.at(-1)).toMatchObject({ start: truncateUtc(now, 'day').toISOString(), total: 3 });
    expect(month.buckets.slice(0, -1).every((bucket) => bucket.total === 0)).toBe(true);
  });

  it('breaks API calls down by key: the five largest by name, the rest as other keys, a deleted key by that name', async () => {
    const keys: { id: string; name: string }[] = [];
    for (let i = 1; i <= 6; i++) {
      const name = `Key ${i}`;
      const created = await org.ownerPerson.caller.apiKeys.create({ orgSlug: org.slug, name, scopes: ['users:read'] });
      keys.push({ id: created.id, name });
    }
    const deletedKeyId = randomUUID();
    // Per hour: key i made 10·i calls; the deleted key 100 (the largest); the total is their sum.
    const perKey: Record<string, number> = Object.fromEntries(keys.map((key, i) => [key.id, 10 * (i + 1)]));
    perKey[deletedKeyId] = 100;
    const total = Object.values(perKey).reduce((a, b) => a + b, 0);
    await writeRollups(org.orgId, [...hourWithDay('api_call', hoursAgo(1), total, perKey)]);

    const series = await org.ownerPerson.caller.usage.series({ orgSlug: org.slug, metric: 'api_call', range: '24h' });
    expect(series.dimensions).toEqual([
      { key: deletedKeyId, label: DELETED_KEY_LABEL },
      { key: keys[5]!.id, label: 'Key 6' },
      { key: keys[4]!.id, label: 'Key 5' },
      { key: keys[3]!.id, label: 'Key 4' },
      { key: keys[2]!.id, label: 'Key 3' },
      { key: OTHER_DIMENSION, label: OTHER_KEYS_LABEL },
    ]);
    const bucket = series.buckets.find((b) => b.start === hoursAgo(1).toISOString())!;
    expect(bucket.total).toBe(total);
    expect(bucket.byDimension[OTHER_DIMENSION]).toBe(10 + 20);
    expect(bucket.byDimension[keys[5]!.id]).toBe(60);
    expect(Object.values(bucket.byDimension).reduce((a, b) => a + b, 0)).toBe(total);
    // An empty bucket still names every series, at zero.
    expect(series.buckets[0]!.byDimension).toEqual(Object.fromEntries(series.dimensions.map((d) => [d.key, 0])));
  });

  it('sets month-to-date API calls and seats against the plan', async () => {
    await subscribeOrg(org.orgId, 'team');
    const summary = await org.ownerPerson.caller.usage.summary({ orgSlug: org.slug });
    expect(summary.plan).toEqual({ key: 'team', name: 'Team' });
    expect(summary.upgradeTo).toEqual({ key: 'business', name: 'Business' });
    expect(summary.apiCalls.limit).toBe(PLANS.team.limits.apiCallsPerMonth);
    expect(summary.apiCalls.used).toBeGreaterThanOrEqual(310);
    // The owner and the viewer.
    expect(summary.seats).toEqual({ used: 2, limit: PLANS.team.limits.seats });
    expect(summary.activeUsers.today).toBe(3);

    const totals = await withTenant(org.orgId, SYSTEM, (tx) => monthToDateTotals(tx, org.orgId, now));
    expect(totals.find((t) => t.metric === 'api_call')?.value).toBe(summary.apiCalls.used);
    expect(totals.map((t) => t.metric)).toEqual(['api_call', 'active_user', 'storage_bytes']);
  });

  it('reads one org only: another org’s roll-ups are invisible, even asked for by id', async () => {
    await writeRollups(other.orgId, hourWithDay('active_user', hoursAgo(0), 999));
    const theirs = await withTenant(org.orgId, SYSTEM, (tx) => usageSeries(tx, other.orgId, 'active_user', '24h', now));
    expect(theirs.buckets.every((bucket) => bucket.total === 0)).toBe(true);
    const mine = await org.ownerPerson.caller.usage.dashboard({ orgSlug: org.slug, range: '24h' });
    expect(mine.series.active_user.buckets.at(-1)!.total).toBe(3);
    const summary = await other.ownerPerson.caller.usage.summary({ orgSlug: other.slug });
    expect(summary.plan.key).toBe('free');
    expect(summary.apiCalls.used).toBe(0);
  });

  it('refuses a reader without usage:read and a metric the org does not have', async () => {
    const refused = await caught(viewer.caller.usage.summary({ orgSlug: org.slug }));
    expect(refused.code).toBe('FORBIDDEN');
    const unknown = await caught(
      org.ownerPerson.caller.usage.series({ orgSlug: org.slug, metric: 'custom.nothing', range: '24h' }),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
  });
});
