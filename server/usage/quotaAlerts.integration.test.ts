/**
 * Quota alerts on real PostgreSQL: month-to-date API calls crossing 80 % and 100 % of the plan's
 * limit raise each alert once a month — its billing_alerts row, the activity event the webhook
 * relay and the inbox fan-out read (inboxes of billing:read holders only); a month that jumps past
 * both raises only 'quota_reached'; a new month starts over; an unlimited plan never alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, closeAdminPool } from '../../test/db';
import { closeAppPool } from '../database';
import { fanOutActivity } from '../notifications/fanOut';
import { activityOf, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { isWebhookEventType } from '../shared/webhookEvents';
import { describeActivity } from '../shared/describeActivity';
import { withTenant } from '../tenancy/withTenant';
import { raiseQuotaAlerts } from './quotaAlerts';
import { subscribeOrg } from '../billing/testFixtures';
import { writeRollups } from './rollupFixtures';

const SYSTEM = { type: 'system', name: 'test:rollup' } as const;
const MARCH = new Date('2026-03-20T12:00:00Z');
const APRIL = new Date('2026-04-02T08:00:00Z');

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const apiCalls = (orgId: string, date: string, value: number) =>
  writeRollups(orgId, [{ metric: 'api_call', granularity: 'day', bucketStart: day(date), value }]);
const raise = (orgId: string, now: Date) => withTenant(orgId, SYSTEM, (tx) => raiseQuotaAlerts(tx, orgId, now));

describe('quota alerts', () => {
  let org: RolesTestOrg;
  let billing: Person;
  let member: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('quota');
    [billing, member] = await Promise.all([
      personIn(org, 'quota-billing', 'billing'),
      personIn(org, 'quota-member', 'member'),
    ]);
  });

  afterAll(async () => {
    await closeAppPool();
    await closeAdminPool();
  });

  it('raises the warning at 80 % and the limit at 100 %, each once a month, and again the next month', async () => {
    // Free: 10,000 calls a month.
    await apiCalls(org.orgId, '2026-03-01', 4_000);
    await apiCalls(org.orgId, '2026-03-02', 3_999);
    expect(await raise(org.orgId, MARCH)).toEqual([]);

    await apiCalls(org.orgId, '2026-03-03', 1);
    expect(await raise(org.orgId, MARCH)).toEqual([{ kind: 'quota_warning', used: 8_000, limit: 10_000, percent: 80 }]);
    expect(await raise(org.orgId, MARCH)).toEqual([]);

    await apiCalls(org.orgId, '2026-03-04', 2_500);
    expect(await raise(org.orgId, MARCH)).toEqual([
      { kind: 'quota_reached', used: 10_500, limit: 10_000, percent: 105 },
    ]);
    expect(await raise(org.orgId, MARCH)).toEqual([]);

    const events = await activityOf(org.orgId, 'usage.');
    expect(events.map((e) => e.type)).toEqual(['usage.quota_warning', 'usage.quota_reached']);
    expect(events[0]!.data).toEqual({ metric: 'api_call', used: 8_000, limit: 10_000, percent: 80, plan: 'free' });
    expect(events.every((e) => isWebhookEventType(e.type) && e.actor === null)).toBe(true);
    expect(
      describeActivity({ id: 1, type: 'usage.quota_reached', actor: null, data: events[1]!.data, createdAt: '' }),
    ).toBe('API calls reached this month’s plan limit (105 % of 10,000)');
    const alerts = await adminQuery<{ kind: string; key: string }>(
      'select kind, key from billing_alerts where org_id = $1 order by raised_at, kind',
      [org.orgId],
    );
    expect(alerts).toEqual([
      { kind: 'quota_warning', key: 'api_call:2026-03' },
      { kind: 'quota_reached', key: 'api_call:2026-03' },
    ]);

    // April: the count starts over.
    await apiCalls(org.orgId, '2026-04-01', 8_100);
    expect((await raise(org.orgId, APRIL)).map((a) => a.kind)).toEqual(['quota_warning']);
  });

  it('notifies people who hold billing:read, not every usage reader', async () => {
    await withTenant(org.orgId, SYSTEM, (tx) => fanOutActivity(tx, org.orgId));
    const inbox = await adminQuery<{ user_id: string; type: string }>(
      `select user_id::text, type from notifications where org_id = $1 and type like 'usage.%'`,
      [org.orgId],
    );
    const recipients = (type: string) => new Set(inbox.filter((row) => row.type === type).map((row) => row.user_id));
    expect(recipients('usage.quota_warning')).toEqual(new Set([org.owner.userId, billing.userId]));
    expect(recipients('usage.quota_reached')).toEqual(new Set([org.owner.userId, billing.userId]));
    expect(inbox.some((row) => row.user_id === member.userId)).toBe(false);
  });

  it('raises only the limit when a month jumps past both thresholds', async () => {
    const jumpy = await rolesTestOrg('quota-jump');
    await apiCalls(jumpy.orgId, '2026-03-05', 12_000);
    expect((await raise(jumpy.orgId, MARCH)).map((a) => a.kind)).toEqual(['quota_reached']);
    expect(await raise(jumpy.orgId, MARCH)).toEqual([]);
    expect((await activityOf(jumpy.orgId, 'usage.')).map((e) => e.type)).toEqual(['usage.quota_reached']);
  });

  it('never alerts on an unlimited plan', async () => {
    const unlimited = await rolesTestOrg('quota-unlimited');
    await subscribeOrg(unlimited.orgId, 'enterprise');
    await apiCalls(unlimited.orgId, '2026-03-05', 50_000_000);
    expect(await raise(unlimited.orgId, MARCH)).toEqual([]);
    expect(await activityOf(unlimited.orgId, 'usage.')).toEqual([]);
  });
});
