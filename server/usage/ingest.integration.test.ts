/**
 * Ingesting usage through the real service in a tenant transaction: every bad event of a batch is
 * refused with its index and reason while the rest is kept; an idempotency key counts once, within
 * a batch and across batches; a custom metric is accepted only once the org has it; each batch
 * that wrote something records one roll-up job and marks each hour it touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, closeAdminPool } from '../../test/db';
import { closeAppPool } from '../database';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { MAX_EVENT_VALUE } from './eventRules';
import { createUsageMetric } from './metrics';
import { dirtyMarksOf, hourAgo, HOUR_MS, ingest, recordedJobsOf, TEST_SYSTEM } from './testFixtures';

describe('usage ingest', () => {
  let org: RolesTestOrg;

  beforeAll(async () => {
    org = await rolesTestOrg('usage-ingest');
  });
  afterAll(async () => {
    await closeAppPool();
    await closeAdminPool();
  });

  it('refuses each bad event with its index and reason and keeps the rest of the batch', async () => {
    const now = new Date();
    const at = hourAgo(1).toISOString();
    const result = await ingest(org.orgId, [
      { metric: 'api_call', value: 3, occurredAt: at, dimension: 'key-a' },
      { metric: 'api_call', value: -1, occurredAt: at },
      { metric: 'api_call', value: '7', occurredAt: at },
      { metric: 'api_call', value: Number.NaN, occurredAt: at },
      { metric: 'api_call', value: MAX_EVENT_VALUE + 1, occurredAt: at },
      { metric: 'api_call', value: 1.5, occurredAt: at },
      { metric: 'no_such_metric', value: 1, occurredAt: at },
      { metric: 'api_call', value: 1, occurredAt: new Date(now.getTime() + 10 * 60_000).toISOString() },
      { metric: 'api_call', value: 1, occurredAt: new Date(now.getTime() - 40 * 86_400_000).toISOString() },
      { metric: 'api_call', value: 1, occurredAt: 'yesterday' },
      { metric: 'api_call', value: 1, occurredAt: at, dimension: 'x'.repeat(201) },
      { metric: 'api_call', value: 1, occurredAt: at, dimension: 'bad\u0000text' },
      { metric: 'api_call', value: 4, occurredAt: new Date(now.getTime() - 30 * 86_400_000).toISOString() },
      { metric: 'storage_bytes', value: MAX_EVENT_VALUE, occurredAt: at, dimension: 'logo' },
    ]);
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(0);
    expect(result.refused).toEqual([
      { index: 1, reason: 'value must not be negative' },
      { index: 2, reason: 'value must be a number' },
      { index: 3, reason: 'value must be a number' },
      { index: 4, reason: `value must be at most ${MAX_EVENT_VALUE}` },
      { index: 5, reason: 'value must be a whole number' },
      { index: 6, reason: 'unknown metric: no_such_metric' },
      { index: 7, reason: 'occurredAt is more than 5 minutes ahead' },
      { index: 8, reason: 'occurredAt is more than 35 days old' },
      { index: 9, reason: 'occurredAt must be an ISO 8601 time with its offset' },
      { index: 10, reason: 'dimension must be at most 200 characters' },
      { index: 11, reason: 'dimension contains characters that are not allowed' },
    ]);
    const stored = await adminQuery<{ metric: string; value: number; dimension: string; source: string }>(
      `select metric, value::float8 as value, dimension, source from usage_events where org_id = $1 order by id`,
      [org.orgId],
    );
    expect(stored).toEqual([
      { metric: 'api_call', value: 3, dimension: 'key-a', source: 'product' },
      { metric: 'api_call', value: 4, dimension: '', source: 'product' },
      { metric: 'storage_bytes', value: MAX_EVENT_VALUE, dimension: 'logo', source: 'product' },
    ]);
  });

  it('counts an idempotency key once, within a batch and across batches', async () => {
    const dup = await rolesTestOrg('usage-dup');
    const at = hourAgo(2).toISOString();
    const first = await ingest(dup.orgId, [
      { metric: 'api_call', value: 5, occurredAt: at, idempotencyKey: 'req-1' },
      { metric: 'api_call', value: 5, occurredAt: at, idempotencyKey: 'req-1' },
      { metric: 'api_call', value: 2, occurredAt: at, idempotencyKey: 'req-2' },
    ]);
    expect(first).toEqual({ accepted: 2, duplicates: 1, refused: [] });
    const again = await ingest(dup.orgId, [
      { metric: 'api_call', value: 5, occurredAt: at, idempotencyKey: 'req-1' },
      { metric: 'api_call', value: 1, occurredAt: at, idempotencyKey: 'req-3' },
    ]);
    expect(again).toEqual({ accepted: 1, duplicates: 1, refused: [] });
    const [sum] = await adminQuery<{ total: number }>(
      'select sum(value)::int as total from usage_events where org_id = $1',
      [dup.orgId],
    );
    expect(sum!.total).toBe(8);
  });

  it('accepts a custom metric only once the org has created it', async () => {
    const custom = await rolesTestOrg('usage-custom');
    const event = { metric: 'custom.exports', value: 2, occurredAt: hourAgo(0).toISOString() };
    expect((await ingest(custom.orgId, [event], { source: 'api' })).refused).toEqual([
      { index: 0, reason: 'unknown metric: custom.exports' },
    ]);
    await withTenant(custom.orgId, TEST_SYSTEM, (tx) =>
      createUsageMetric(tx, custom.orgId, {
        key: 'custom.exports',
        name: 'Exports',
        unit: 'files',
        aggregation: 'sum',
      }),
    );
    expect(await ingest(custom.orgId, [event], { source: 'api' })).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    // Another org's custom metric is not this org's.
    expect((await ingest(org.orgId, [event], { source: 'api' })).refused).toHaveLength(1);
  });

  it('marks each touched (metric, hour) once and records one roll-up job per batch that wrote something', async () => {
    const marked = await rolesTestOrg('usage-marks');
    const events = [0, 1, 1, 2].map((hours) => ({
      metric: 'api_call',
      value: 1,
      occurredAt: new Date(hourAgo(hours).getTime() + 60_000).toISOString(),
    }));
    await ingest(marked.orgId, [...events, { metric: 'active_user', value: 1, occurredAt: events[0]!.occurredAt }]);
    expect(await dirtyMarksOf(marked.orgId)).toBe(4);
    expect(await recordedJobsOf(marked.orgId, 'rollupUsage')).toBe(1);
    const hours = await adminQuery<{ hour: Date }>(
      `select hour from usage_dirty_hours where org_id = $1 and metric = 'api_call' order by hour`,
      [marked.orgId],
    );
    expect(hours.map((h) => h.hour.getTime())).toEqual([2, 1, 0].map((n) => hourAgo(n).getTime()));
    expect(hours[1]!.hour.getTime() - hours[0]!.hour.getTime()).toBe(HOUR_MS);

    await ingest(marked.orgId, [{ metric: 'api_call', value: -5, occurredAt: events[0]!.occurredAt }]);
    expect(await recordedJobsOf(marked.orgId, 'rollupUsage')).toBe(1);
  });
});
