/**
 * The roll-up through the real service: hours and days recomputed from the raw events per
 * dimension and in total, for sum, max and distinct metrics; a late event recomputes its old hour
 * and day; running it again changes nothing; an ingest committing while a roll-up runs loses
 * nothing; each run that recomputed tells live charts once (outbox topic 'usage').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, closeAdminPool } from '../../test/db';
import { closeAppPool } from '../database';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { ingestUsageEvents } from './ingest';
import { rollupOrgUsage } from './rollup';
import {
  dirtyMarksOf,
  HOUR_MS,
  hourAgo,
  ingest,
  isoDay,
  isoHour,
  rollup,
  rollupsOf,
  TEST_SYSTEM,
} from './testFixtures';

/** An hour three days ago, 10:00 UTC: its day holds hours before and after it. */
function oldHour(): Date {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
  return new Date(day + 10 * HOUR_MS);
}
const at = (hour: Date, minutes: number) => new Date(hour.getTime() + minutes * 60_000).toISOString();

describe('usage roll-up', () => {
  let org: RolesTestOrg;

  beforeAll(async () => {
    org = await rolesTestOrg('usage-rollup');
  });
  afterAll(async () => {
    await closeAppPool();
    await closeAdminPool();
  });

  it('sums per dimension and in total, per hour and per day; a late event recomputes its hour and day', async () => {
    const h10 = oldHour();
    const h11 = new Date(h10.getTime() + HOUR_MS);
    await ingest(org.orgId, [
      { metric: 'api_call', value: 3, occurredAt: at(h10, 5), dimension: 'key-a' },
      { metric: 'api_call', value: 4, occurredAt: at(h10, 50), dimension: 'key-a' },
      { metric: 'api_call', value: 10, occurredAt: at(h10, 20), dimension: 'key-b' },
      { metric: 'api_call', value: 1, occurredAt: at(h11, 0), dimension: 'key-b' },
    ]);
    const first = await rollup(org.orgId);
    expect(first).toMatchObject({ metrics: ['api_call'], fromHour: h10.toISOString(), toHour: h11.toISOString() });
    expect(await dirtyMarksOf(org.orgId)).toBe(0);
    const day = isoDay(h10);
    expect(await rollupsOf(org.orgId, 'api_call')).toEqual([
      { granularity: 'day', dimension: '', bucket: day, value: 18 },
      { granularity: 'day', dimension: 'key-a', bucket: day, value: 7 },
      { granularity: 'day', dimension: 'key-b', bucket: day, value: 11 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h10), value: 17 },
      { granularity: 'hour', dimension: 'key-a', bucket: isoHour(h10), value: 7 },
      { granularity: 'hour', dimension: 'key-b', bucket: isoHour(h10), value: 10 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h11), value: 1 },
      { granularity: 'hour', dimension: 'key-b', bucket: isoHour(h11), value: 1 },
    ]);

    // Three days late: only the old hour is marked, and its hour and day come out recomputed.
    await ingest(org.orgId, [{ metric: 'api_call', value: 100, occurredAt: at(h10, 59), dimension: 'key-c' }]);
    expect(await dirtyMarksOf(org.orgId)).toBe(1);
    const late = await rollup(org.orgId);
    expect(late).toMatchObject({ fromHour: h10.toISOString(), toHour: h10.toISOString(), hours: 1 });
    const rows = await rollupsOf(org.orgId, 'api_call');
    expect(rows.filter((r) => r.dimension === '')).toEqual([
      { granularity: 'day', dimension: '', bucket: day, value: 118 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h10), value: 117 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h11), value: 1 },
    ]);
    expect(rows).toContainEqual({ granularity: 'day', dimension: 'key-c', bucket: day, value: 100 });

    // Running it again (the marks re-made by hand) writes the same rows.
    await adminQuery(
      `insert into usage_dirty_hours (org_id, metric, hour) values ($1, 'api_call', $2), ($1, 'api_call', $3)`,
      [org.orgId, h10, h11],
    );
    await rollup(org.orgId);
    expect(await rollupsOf(org.orgId, 'api_call')).toEqual(rows);
    expect((await rollup(org.orgId)).hours).toBe(0);
  });

  it('counts distinct users per hour and per day, and keeps each kind’s largest size with their sum as the total', async () => {
    const distinct = await rolesTestOrg('usage-distinct');
    const h1 = hourAgo(30);
    const h2 = new Date(h1.getTime() + HOUR_MS);
    await ingest(distinct.orgId, [
      { metric: 'active_user', value: 1, occurredAt: at(h1, 1), dimension: 'u1' },
      { metric: 'active_user', value: 1, occurredAt: at(h1, 2), dimension: 'u2' },
      { metric: 'active_user', value: 1, occurredAt: at(h1, 3), dimension: 'u1' },
      { metric: 'active_user', value: 1, occurredAt: at(h2, 1), dimension: 'u1' },
      { metric: 'active_user', value: 1, occurredAt: at(h2, 2), dimension: 'u3' },
      { metric: 'storage_bytes', value: 500, occurredAt: at(h1, 1), dimension: 'logo' },
      { metric: 'storage_bytes', value: 700, occurredAt: at(h1, 30), dimension: 'logo' },
      { metric: 'storage_bytes', value: 9000, occurredAt: at(h1, 2), dimension: 'audit_events' },
      { metric: 'storage_bytes', value: 9500, occurredAt: at(h2, 2), dimension: 'audit_events' },
    ]);
    await rollup(distinct.orgId);
    const users = await rollupsOf(distinct.orgId, 'active_user');
    const sameDay = isoDay(h1) === isoDay(h2);
    expect(users.filter((r) => r.granularity === 'hour')).toEqual([
      { granularity: 'hour', dimension: '', bucket: isoHour(h1), value: 2 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h2), value: 2 },
    ]);
    // u1, u2 and u3 on one day (not 4, the sum of the hours); 2 and 2 when the hours straddle midnight.
    expect(users.filter((r) => r.granularity === 'day').map((r) => r.value)).toEqual(sameDay ? [3] : [2, 2]);

    const storage = await rollupsOf(distinct.orgId, 'storage_bytes');
    expect(storage.filter((r) => r.granularity === 'hour')).toEqual([
      { granularity: 'hour', dimension: '', bucket: isoHour(h1), value: 9700 },
      { granularity: 'hour', dimension: 'audit_events', bucket: isoHour(h1), value: 9000 },
      { granularity: 'hour', dimension: 'logo', bucket: isoHour(h1), value: 700 },
      { granularity: 'hour', dimension: '', bucket: isoHour(h2), value: 9500 },
      { granularity: 'hour', dimension: 'audit_events', bucket: isoHour(h2), value: 9500 },
    ]);
    if (sameDay) {
      expect(storage.filter((r) => r.granularity === 'day')).toEqual([
        { granularity: 'day', dimension: '', bucket: isoDay(h1), value: 9700 },
        { granularity: 'day', dimension: 'audit_events', bucket: isoDay(h1), value: 9500 },
        { granularity: 'day', dimension: 'logo', bucket: isoDay(h1), value: 700 },
      ]);
    }
  });

  it('loses nothing from an ingest that commits while a roll-up of the same hour runs', async () => {
    const racing = await rolesTestOrg('usage-race');
    const hour = hourAgo(5);
    await ingest(racing.orgId, [{ metric: 'api_call', value: 1, occurredAt: at(hour, 1) }]);
    await rollup(racing.orgId);
    // A second ingest holds the (now re-made) mark while the roll-up tries to take it.
    let releaseIngest!: () => void;
    const ingestMayCommit = new Promise<void>((resolve) => (releaseIngest = resolve));
    let ingested!: () => void;
    const ingestWritten = new Promise<void>((resolve) => (ingested = resolve));
    await ingest(racing.orgId, [{ metric: 'api_call', value: 10, occurredAt: at(hour, 2) }]);
    const slowIngest = withTenant(racing.orgId, TEST_SYSTEM, async (tx) => {
      await ingestUsageEvents(tx, racing.orgId, [{ metric: 'api_call', value: 100, occurredAt: at(hour, 3) }], {
        source: 'product',
      });
      ingested();
      await ingestMayCommit;
    });
    await ingestWritten;
    const rolling = withTenant(racing.orgId, TEST_SYSTEM, (tx) => rollupOrgUsage(tx, racing.orgId));
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseIngest();
    await Promise.all([slowIngest, rolling]);
    await rollup(racing.orgId);
    expect((await rollupsOf(racing.orgId, 'api_call')).filter((r) => r.granularity === 'hour')).toEqual([
      { granularity: 'hour', dimension: '', bucket: isoHour(hour), value: 111 },
    ]);
    expect(await dirtyMarksOf(racing.orgId)).toBe(0);
  });

  it('tells live charts once per run which metrics and hours changed', async () => {
    const live = await rolesTestOrg('usage-live');
    const h1 = hourAgo(8);
    const h2 = hourAgo(6);
    await ingest(live.orgId, [
      { metric: 'api_call', value: 1, occurredAt: at(h2, 1) },
      { metric: 'active_user', value: 1, occurredAt: at(h1, 1), dimension: 'u1' },
    ]);
    await rollup(live.orgId);
    await rollup(live.orgId);
    const events = await adminQuery<{ type: string; data: unknown }>(
      `select type, data from outbox where org_id = $1 and topic = 'usage' order by id`,
      [live.orgId],
    );
    expect(events).toEqual([
      {
        type: 'usage.updated',
        data: { metrics: ['active_user', 'api_call'], fromHour: h1.toISOString(), toHour: h2.toISOString() },
      },
    ]);
  });

  it('raises the month’s API-call quota alerts as the roll-up moves the total past 80 % and 100 %', async () => {
    const free = await rolesTestOrg('usage-rollup-quota');
    const now = new Date().toISOString();
    const alerts = () =>
      adminQuery<{ kind: string }>('select kind from billing_alerts where org_id = $1 order by kind', [free.orgId]);
    // The Free plan allows 10,000 calls a month.
    await ingest(free.orgId, [{ metric: 'api_call', value: 8_500, occurredAt: now, dimension: 'key-a' }]);
    await rollup(free.orgId);
    expect(await alerts()).toEqual([{ kind: 'quota_warning' }]);
    await ingest(free.orgId, [{ metric: 'api_call', value: 2_000, occurredAt: now, dimension: 'key-a' }]);
    await rollup(free.orgId);
    await rollup(free.orgId);
    expect(await alerts()).toEqual([{ kind: 'quota_reached' }, { kind: 'quota_warning' }]);
  });
});
