/**
 * Usage over the REST API and from the product itself, over real HTTP: a key with the usage:report
 * scope reports a batch (bad events refused alone, a repeated idempotency key counted once) and
 * lists the metrics; a body that is not a batch is a 400; a key without the scope is refused; the
 * requests a key makes become api_call usage of that key once the counts are flushed; a person
 * acting in an org is one active user per hour however many requests they make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, closeAdminPool } from '../../test/db';
import { auditRowsOf } from '../audit/testFixtures';
import { closeApiKeyUsage, flushApiKeyUsage } from '../apiKeys/usage';
import { closeAppPool } from '../database';
import { createTestKey, startTestApi, type TestApi } from '../rest/testFixtures';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { closeActiveUsers, flushActiveUsers } from './activeUsers';
import { hourAgo } from './testFixtures';

type Report = { accepted: number; duplicates: number; refused: { index: number; reason: string }[] };

async function eventsOf(orgId: string, metric: string) {
  return adminQuery<{ dimension: string; value: number; occurred_at: Date; source: string }>(
    `select dimension, value::int as value, occurred_at, source from usage_events
      where org_id = $1 and metric = $2 order by id`,
    [orgId, metric],
  );
}

describe('usage through the API and the product', () => {
  let api: TestApi;
  let org: RolesTestOrg;
  let admin: Person;
  let reporter: { token: string; id: string };

  beforeAll(async () => {
    api = await startTestApi();
    org = await rolesTestOrg('usage-api');
    admin = await personIn(org, 'usage-api-admin', 'admin');
    reporter = await createTestKey(admin, org.slug, { name: 'Meter', scopes: ['usage:report', 'usage:read'] });
  });
  afterAll(async () => {
    await api.close();
    await closeApiKeyUsage();
    await closeActiveUsers();
    await closeAppPool();
    await closeAdminPool();
  });

  it('takes a batch from a key with usage:report, refusing bad events alone and counting a key once', async () => {
    await admin.caller.usage.metrics.create({
      orgSlug: org.slug,
      key: 'custom.exports',
      name: 'Exports',
      unit: 'files',
      aggregation: 'sum',
    });
    const at = hourAgo(1).toISOString();
    const body = {
      events: [
        { metric: 'custom.exports', value: 2, occurredAt: at, dimension: 'csv', idempotencyKey: 'exp-1' },
        { metric: 'custom.exports', value: -2, occurredAt: at },
        { metric: 'custom.imports', value: 1, occurredAt: at },
        { metric: 'custom.exports', value: 2, occurredAt: at, dimension: 'csv', idempotencyKey: 'exp-1' },
        'not an event',
      ],
    };
    const answer = await api.call('POST', '/usage-events', { token: reporter.token, body });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body as unknown as Report).toEqual({
      accepted: 1,
      duplicates: 1,
      refused: [
        { index: 1, reason: 'value must not be negative' },
        { index: 2, reason: 'unknown metric: custom.imports' },
        { index: 4, reason: 'event must be an object' },
      ],
    });
    expect(await eventsOf(org.orgId, 'custom.exports')).toEqual([
      { dimension: 'csv', value: 2, occurred_at: new Date(at), source: 'api' },
    ]);

    const metrics = await api.call('GET', '/usage-metrics', { token: reporter.token });
    expect(metrics.status).toBe(200);
    expect((metrics.body.items as { key: string }[]).map((m) => m.key)).toEqual([
      'api_call',
      'active_user',
      'storage_bytes',
      'custom.exports',
    ]);

    const trail = (await auditRowsOf(org.orgId)).filter((row) => row.action.startsWith('usage.'));
    expect(trail.map((row) => [row.action, row.actor_type, row.outcome])).toEqual([
      ['usage.metric.create', 'user', 'success'],
      ['usage.report', 'api_key', 'success'],
    ]);
  });

  it('answers 400 to a body that is not a batch, and refuses a key without usage:report', async () => {
    for (const body of [{}, { events: 'many' }, { events: [] }]) {
      const answer = await api.call('POST', '/usage-events', { token: reporter.token, body });
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_INPUT');
    }
    const tooMany = Array.from({ length: 1_001 }, () => ({ metric: 'api_call', value: 1, occurredAt: 'x' }));
    expect((await api.call('POST', '/usage-events', { token: reporter.token, body: { events: tooMany } })).status).toBe(
      400,
    );
    const reader = await createTestKey(admin, org.slug, { name: 'Reader', scopes: ['usage:read'] });
    const refused = await api.call('POST', '/usage-events', {
      token: reader.token,
      body: { events: [{ metric: 'api_call', value: 1, occurredAt: new Date().toISOString() }] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.permission).toBe('usage:report');
  });

  it('meters the requests each key makes as api_call usage of that key', async () => {
    const metered = await rolesTestOrg('usage-api-calls');
    const owner = metered.ownerPerson;
    const key = await createTestKey(owner, metered.slug, { name: 'Calls', scopes: ['usage:read'] });
    await flushApiKeyUsage();
    for (let i = 0; i < 3; i += 1) {
      expect((await api.call('GET', '/usage-metrics', { token: key.token })).status).toBe(200);
    }
    expect((await api.call('POST', '/usage-events', { token: key.token, body: { events: [{}] } })).status).toBe(403);
    await flushApiKeyUsage();
    const events = await eventsOf(metered.orgId, 'api_call');
    expect(events.reduce((sum, e) => sum + e.value, 0)).toBe(4);
    expect(new Set(events.map((e) => e.dimension))).toEqual(new Set([key.id]));
    expect(events.every((e) => e.occurred_at.getTime() % 3_600_000 === 0 && e.source === 'product')).toBe(true);
  });

  it('counts a person acting in an org once per hour, however many requests they make', async () => {
    const busy = await rolesTestOrg('usage-active');
    const member = await personIn(busy, 'usage-active-member', 'member');
    await flushActiveUsers();
    for (let i = 0; i < 5; i += 1) await member.caller.usage.metrics.list({ orgSlug: busy.slug });
    await busy.ownerPerson.caller.usage.metrics.list({ orgSlug: busy.slug });
    await flushActiveUsers();
    await member.caller.usage.metrics.list({ orgSlug: busy.slug });
    await flushActiveUsers();
    const events = await eventsOf(busy.orgId, 'active_user');
    const hour = hourAgo(0);
    expect(events.map((e) => e.dimension).sort()).toEqual([busy.ownerPerson.userId, member.userId].sort());
    expect(events.every((e) => e.value === 1 && e.occurred_at.getTime() === hour.getTime())).toBe(true);
  });
});
