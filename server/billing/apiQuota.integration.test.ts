/**
 * The monthly API call quota over real HTTP: a key of an org that has used its Free plan's calls
 * this month gets 429 API_QUOTA_EXCEEDED (with Retry-After until the month resets and the plan
 * that allows more); the same key works again once a Team subscription is live; calls of last
 * month and refused calls do not count.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestKey, startTestApi, type TestApi } from '../rest/testFixtures';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { forgetApiQuotas, monthStartOf, nextMonthStartOf } from './apiQuota';
import { subscribeOrg } from './testFixtures';

const HOUR_MS = 3_600_000;

async function addUsage(org: RolesTestOrg, keyId: string, hour: Date, counts: { ok?: number; limited?: number }) {
  await adminQuery(
    `insert into api_key_usage (org_id, key_id, hour, ok, limited) values ($1, $2, $3, $4, $5)
     on conflict (org_id, key_id, hour) do update set ok = api_key_usage.ok + excluded.ok,
       limited = api_key_usage.limited + excluded.limited`,
    [org.orgId, keyId, hour.toISOString(), counts.ok ?? 0, counts.limited ?? 0],
  );
}

describe('API calls per month', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let key: { token: string; id: string };

  beforeAll(async () => {
    api = await startTestApi({ rateLimitPerMinute: 1_000 });
    org = await rolesTestOrg('quota');
    key = await createTestKey(org.ownerPerson, org.slug, { name: 'Sync', scopes: ['users:read'] });
  });
  afterAll(() => api.close());
  beforeEach(() => forgetApiQuotas());

  it('answers 429 with the plan and its reset once the Free plan’s calls are used, and lets calls through again on Team', async () => {
    const thisHour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
    const lastMonth = new Date(monthStartOf(Date.now()).getTime() - HOUR_MS);
    // Last month's calls and this month's refusals do not count: 9,999 calls this month.
    await addUsage(org, key.id, lastMonth, { ok: 50_000 });
    await addUsage(org, key.id, thisHour, { ok: 9_999, limited: 400 });

    const last = await api.call('GET', '/members', { token: key.token });
    expect(last.status).toBe(200);

    const refused = await api.call('GET', '/members', { token: key.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('API_QUOTA_EXCEEDED');
    expect(refused.body.error.message).toContain('10,000 API calls a month of its Free plan');
    expect(refused.body.error.message).toContain('Upgrade to Team for 250,000 API calls a month');
    expect(refused.body.error.details).toMatchObject({
      limit: 'apiCallsPerMonth',
      plan: 'free',
      allowed: 10_000,
      used: 10_000,
      resetsAt: nextMonthStartOf(Date.now()).toISOString(),
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(31 * 86_400);

    await subscribeOrg(org.orgId, 'team');
    forgetApiQuotas();
    expect((await api.call('GET', '/members', { token: key.token })).status).toBe(200);
  });
});
