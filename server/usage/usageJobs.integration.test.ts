/**
 * The usage jobs as the worker runs them, against real PostgreSQL, Redis and the loopback Stripe
 * stand-in over HTTP: completed hours of API calls reach Stripe's meter once, a late event sends
 * only the difference, a report Stripe already has (its record lost) counts as reported, hours
 * waiting for their roll-up or not yet over wait; the roll-up job empties the marks; the sweeper
 * queues a roll-up again for a mark a lost job left; the daily storage measurement meters each kind.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureStorageUsageHandler } from '../../jobs/handlers/measureStorageUsage';
import { rollupUsageHandler } from '../../jobs/handlers/rollupUsage';
import { sweepUsageRollupsHandler } from '../../jobs/handlers/sweepUsageRollups';
import { runHandler } from '../../jobs/testFixtures';
import { adminQuery, closeAdminPool } from '../../test/db';
import { startStripeStandIn, type StripeStandIn } from '../../test/stripeStandIn';
import { closeAppPool } from '../database';
import { rollupUsage } from '../jobs/definitions/rollupUsage';
import { closeQueues, queueFor } from '../jobs/queues';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { meterEventIdentifier, reportUsageToStripe } from './meterReports';
import { dirtyMarksOf, hourAgo, ingest, rollupsOf, TEST_SYSTEM } from './testFixtures';

const METER = 'atrium_api_calls_test';

describe('usage jobs', () => {
  let standIn: StripeStandIn;
  let stripe: Stripe;
  let org: RolesTestOrg;
  const customerId = 'cus_meterTest123';
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(org.orgId, TEST_SYSTEM, fn);
  const at = (hour: Date, minutes: number) => new Date(hour.getTime() + minutes * 60_000).toISOString();
  const meterEvents = () => standIn.to('/v1/billing/meter_events');

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    const url = new URL(standIn.url);
    stripe = new Stripe('sk_test_meter', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    org = await rolesTestOrg('usage-jobs');
    await adminQuery('insert into billing_accounts (org_id, stripe_customer_id) values ($1, $2)', [
      org.orgId,
      customerId,
    ]);
  });
  afterAll(async () => {
    await standIn.close();
    await closeQueues();
    await closeAppPool();
    await closeAdminPool();
  });

  it('reports each completed hour once, then only what late events added, and counts a duplicate as reported', async () => {
    const h3 = hourAgo(3);
    const h2 = hourAgo(2);
    await ingest(org.orgId, [
      { metric: 'api_call', value: 40, occurredAt: at(h3, 10), dimension: 'k1' },
      { metric: 'api_call', value: 2, occurredAt: at(h3, 20), dimension: 'k2' },
      { metric: 'api_call', value: 7, occurredAt: at(h2, 10), dimension: 'k1' },
      { metric: 'api_call', value: 1, occurredAt: new Date().toISOString(), dimension: 'k1' },
    ]);
    await runHandler(rollupUsageHandler, { orgId: org.orgId });
    expect(await dirtyMarksOf(org.orgId)).toBe(0);

    expect(await reportUsageToStripe(stripe, METER, org.orgId, inTenant)).toEqual({ sent: 2 });
    expect(meterEvents().map((r) => r.params)).toEqual([
      {
        event_name: METER,
        identifier: meterEventIdentifier(org.orgId, h3, 42),
        'payload[stripe_customer_id]': customerId,
        'payload[value]': '42',
        timestamp: String(h3.getTime() / 1000),
      },
      {
        event_name: METER,
        identifier: meterEventIdentifier(org.orgId, h2, 7),
        'payload[stripe_customer_id]': customerId,
        'payload[value]': '7',
        timestamp: String(h2.getTime() / 1000),
      },
    ]);
    expect(await reportUsageToStripe(stripe, METER, org.orgId, inTenant)).toEqual({ sent: 0 });

    // A late event: while its hour waits for the roll-up nothing is sent; then only the difference.
    await ingest(org.orgId, [{ metric: 'api_call', value: 5, occurredAt: at(h3, 30), dimension: 'k3' }]);
    expect(await reportUsageToStripe(stripe, METER, org.orgId, inTenant)).toEqual({ sent: 0 });
    await runHandler(rollupUsageHandler, { orgId: org.orgId });
    expect(await reportUsageToStripe(stripe, METER, org.orgId, inTenant)).toEqual({ sent: 1 });
    expect(meterEvents().at(-1)!.params).toMatchObject({
      identifier: meterEventIdentifier(org.orgId, h3, 47),
      'payload[value]': '5',
    });

    // Sent but never recorded (a crash in between): the retry's identifier is refused as a duplicate.
    await adminQuery(`delete from usage_meter_reports where org_id = $1 and hour = $2`, [org.orgId, h2]);
    const before = meterEvents().length;
    expect(await reportUsageToStripe(stripe, METER, org.orgId, inTenant)).toEqual({ sent: 1 });
    expect(meterEvents()).toHaveLength(before + 1);
    const reports = await adminQuery<{ hour: Date; reported_value: string }>(
      'select hour, reported_value from usage_meter_reports where org_id = $1 order by hour',
      [org.orgId],
    );
    expect(reports.map((r) => [r.hour.getTime(), Number(r.reported_value)])).toEqual([
      [h3.getTime(), 47],
      [h2.getTime(), 7],
    ]);
  });

  it('records what Stripe took before a failure, and retries the rest', async () => {
    const failing = await rolesTestOrg('usage-jobs-fail');
    await adminQuery('insert into billing_accounts (org_id, stripe_customer_id) values ($1, $2)', [
      failing.orgId,
      'cus_meterFail456',
    ]);
    await ingest(failing.orgId, [
      { metric: 'api_call', value: 3, occurredAt: at(hourAgo(5), 1) },
      { metric: 'api_call', value: 4, occurredAt: at(hourAgo(4), 1) },
    ]);
    await runHandler(rollupUsageHandler, { orgId: failing.orgId });
    const run = () =>
      reportUsageToStripe(stripe, METER, failing.orgId, (fn) => withTenant(failing.orgId, TEST_SYSTEM, fn));
    // The stand-in fails the first request: nothing was taken, nothing recorded, the job throws.
    standIn.failNext('/v1/billing/meter_events', 500);
    await expect(run()).rejects.toBeDefined();
    expect(await run()).toEqual({ sent: 2 });
    expect(await run()).toEqual({ sent: 0 });
  });

  it('sends nothing for an org without a Stripe customer', async () => {
    const plain = await rolesTestOrg('usage-jobs-plain');
    await ingest(plain.orgId, [{ metric: 'api_call', value: 3, occurredAt: at(hourAgo(2), 1) }]);
    await runHandler(rollupUsageHandler, { orgId: plain.orgId });
    const before = meterEvents().length;
    expect(
      await reportUsageToStripe(stripe, METER, plain.orgId, (fn) => withTenant(plain.orgId, TEST_SYSTEM, fn)),
    ).toEqual({ sent: 0 });
    expect(meterEvents()).toHaveLength(before);
  });

  it('queues a roll-up again for a mark its lost job left, and only then', async () => {
    const lost = await rolesTestOrg('usage-jobs-lost');
    const queue = queueFor(rollupUsage);
    const queued = async () =>
      (await queue.getJobs(['waiting', 'delayed'])).filter(
        (job) => (job.data as { orgId: string }).orgId === lost.orgId,
      ).length;
    await ingest(lost.orgId, [{ metric: 'api_call', value: 1, occurredAt: at(hourAgo(1), 1) }]);
    await runHandler(sweepUsageRollupsHandler, { orgId: lost.orgId });
    expect(await queued()).toBe(0);
    await adminQuery(`update usage_dirty_hours set marked_at = now() - interval '2 minutes' where org_id = $1`, [
      lost.orgId,
    ]);
    await runHandler(sweepUsageRollupsHandler, { orgId: lost.orgId });
    expect(await queued()).toBe(1);
  });

  it('measures what the org stores each day, per kind, once a day', async () => {
    const stored = await rolesTestOrg('usage-jobs-storage');
    await adminQuery(`insert into organization_logos (org_id, content_type, data) values ($1, 'image/png', $2)`, [
      stored.orgId,
      Buffer.alloc(1234, 7),
    ]);
    // An audited change: its trail row takes room.
    await stored.ownerPerson.caller.usage.metrics.create({ orgSlug: stored.slug, key: 'custom.scans', name: 'Scans' });
    await runHandler(measureStorageUsageHandler, { orgId: stored.orgId });
    await runHandler(measureStorageUsageHandler, { orgId: stored.orgId });
    const events = await adminQuery<{ dimension: string; value: string }>(
      `select dimension, value from usage_events where org_id = $1 and metric = 'storage_bytes' order by dimension`,
      [stored.orgId],
    );
    expect(events.map((e) => e.dimension)).toEqual(['audit_events', 'logo', 'usage_events', 'webhook_messages']);
    expect(Number(events.find((e) => e.dimension === 'logo')!.value)).toBe(1234);
    expect(Number(events.find((e) => e.dimension === 'audit_events')!.value)).toBeGreaterThan(0);
    await runHandler(rollupUsageHandler, { orgId: stored.orgId });
    const total = (await rollupsOf(stored.orgId, 'storage_bytes')).find(
      (r) => r.granularity === 'hour' && r.dimension === '',
    );
    expect(total!.value).toBe(events.reduce((sum, e) => sum + Number(e.value), 0));
  });
});
