/**
 * A drain of an org's due deliveries, driven directly against a real receiver on loopback: a
 * burst larger than one round's batch goes out in rounds, each delivery once, an endpoint's events
 * in the order they were made; a round with successes and failures records them together, moves
 * each endpoint's failing state from its own answers, and leaves one delayed drain for the
 * earliest retry.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import type { InTenant } from '../jobs/define';
import { recordedJobPayloads } from '../jobs/testFixtures';
import { logger } from '../logger';
import { withTenant } from '../tenancy/withTenant';
import { drainDeliveries } from './deliver';
import { CLAIM_BATCH } from './deliverClaim';
import { createTestEndpoint, startWebhookReceiver, type WebhookReceiver } from './deliverTestFixtures';
import { fanOutToWebhooks } from './fanOut';

vi.hoisted(() => {
  process.env.OUTBOUND_ALLOW_PRIVATE_URLS = 'true';
});

const SYSTEM = { type: 'system', name: 'webhook-tests' } as const;
let receiver: WebhookReceiver;
let nextOutboxId = 5_000_000;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

/** `count` catalogue events of the org, relayed in one batch (data `{ n }`). */
async function relayEvents(org: TestOrg, type: string, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, n) => ({
    id: (nextOutboxId += 1),
    type,
    actorUserId: null,
    data: { n },
    createdAt: new Date(),
  }));
  await withTenant(org.orgId, SYSTEM, (tx) => fanOutToWebhooks(tx, org.orgId, rows));
}

const inTenantOf =
  (org: TestOrg): InTenant =>
  (fn) =>
    withTenant(org.orgId, SYSTEM, fn);

describe('webhook drain', () => {
  it('sends a burst larger than a batch in rounds, each delivery once and in order', async () => {
    const org = await createTestOrg('webhook-burst');
    await createTestEndpoint(org.orgId, { url: receiver.url('/burst'), eventTypes: ['member.updated'] });
    const count = CLAIM_BATCH * 2 + 30;
    await relayEvents(org, 'member.updated', count);
    // The relay's batch recorded one drain, not one job per delivery.
    expect(await recordedJobPayloads('deliverWebhooks', org.orgId)).toEqual([{ orgId: org.orgId }]);

    const { outcomes, isDone } = await drainDeliveries({ orgId: org.orgId }, inTenantOf(org), logger, {
      concurrency: 1,
    });

    expect(isDone).toBe(true);
    expect(outcomes.size).toBe(count);
    expect(new Set(outcomes.values())).toEqual(new Set(['succeeded']));
    const ns = receiver.to('/burst').map((request) => (JSON.parse(request.body) as { data: { n: number } }).data.n);
    expect(ns).toEqual(Array.from({ length: count }, (_, n) => n));
    const [counts] = await adminQuery<{ attempts: number; once: number }>(
      `select (select count(*)::int from webhook_attempts where org_id = $1) as attempts,
              (select count(*)::int from webhook_deliveries where org_id = $1 and status = 'succeeded' and attempt_count = 1) as once`,
      [org.orgId],
    );
    expect(counts).toEqual({ attempts: count, once: count });
    // Nothing is left: another drain sends nothing.
    expect((await drainDeliveries({ orgId: org.orgId }, inTenantOf(org), logger)).outcomes.size).toBe(0);
  });

  it('records a round of successes and failures together and leaves one drain for the earliest retry', async () => {
    const org = await createTestOrg('webhook-mixed');
    const good = await createTestEndpoint(org.orgId, {
      url: receiver.url('/good'),
      eventTypes: ['team.created'],
      failingSince: new Date(Date.now() - 3_600_000),
    });
    const bad = await createTestEndpoint(org.orgId, { url: receiver.url('/bad'), eventTypes: ['team.created'] });
    receiver.answerWith((request) => (request.path === '/bad' ? 503 : 200));
    await relayEvents(org, 'team.created', 3);

    const before = Date.now();
    const { outcomes } = await drainDeliveries({ orgId: org.orgId }, inTenantOf(org), logger);
    receiver.answerWith(() => 200);

    expect([...outcomes.values()].sort()).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const endpoints = await adminQuery<{ id: string; failing_since: Date | null }>(
      'select id, failing_since from webhook_endpoints where org_id = $1',
      [org.orgId],
    );
    expect(endpoints.find((e) => e.id === good.id)?.failing_since).toBeNull();
    expect(endpoints.find((e) => e.id === bad.id)?.failing_since).not.toBeNull();
    const retries = await adminQuery<{ status: string; attempt_count: number; next_attempt_at: Date }>(
      'select status, attempt_count, next_attempt_at from webhook_deliveries where endpoint_id = $1',
      [bad.id],
    );
    expect(retries.map((r) => [r.status, r.attempt_count])).toEqual([
      ['pending', 1],
      ['pending', 1],
      ['pending', 1],
    ]);
    // The first retry waits 5 s (WEBHOOK_RETRY_SCALE 1 here): one drain is recorded for then.
    const drains = await recordedJobPayloads<{ orgId: string; dueAt?: number }>('deliverWebhooks', org.orgId);
    const delayed = drains.filter((job) => job.dueAt !== undefined);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.dueAt).toBeGreaterThanOrEqual(before + 4_000);
    const earliest = Math.min(...retries.map((r) => r.next_attempt_at.getTime()));
    expect(delayed[0]!.dueAt! - earliest).toBeGreaterThanOrEqual(0);
    expect(delayed[0]!.dueAt! - earliest).toBeLessThanOrEqual(1);
  });

  it('records a drain at once for a retry that fell due while the drain was sending', async () => {
    const org = await createTestOrg('webhook-due-meanwhile');
    const late = await createTestEndpoint(org.orgId, { url: receiver.url('/late'), eventTypes: ['team.created'] });
    await createTestEndpoint(org.orgId, { url: receiver.url('/slow'), eventTypes: ['team.deleted'] });
    await relayEvents(org, 'team.created', 1);
    await relayEvents(org, 'team.deleted', 1);
    // The late endpoint's delivery failed earlier and its retry is due 200 ms from now; the drain
    // below takes only the slow one, whose receiver answers after 400 ms.
    await adminQuery(
      `update webhook_deliveries set attempt_count = 1, next_attempt_at = now() + interval '200 milliseconds'
        where endpoint_id = $1`,
      [late.id],
    );
    receiver.answerWith((request) => (request.path === '/slow' ? { status: 200, afterMs: 400 } : 200));
    const [{ due }] = (await adminQuery<{ due: string }>(
      'select ceil(extract(epoch from next_attempt_at) * 1000)::bigint::text as due from webhook_deliveries where endpoint_id = $1',
      [late.id],
    )) as [{ due: string }];

    const { outcomes } = await drainDeliveries({ orgId: org.orgId }, inTenantOf(org), logger);
    receiver.answerWith(() => 200);

    expect([...outcomes.values()]).toEqual(['succeeded']);
    expect(receiver.to('/late')).toEqual([]);
    expect(receiver.to('/slow')).toHaveLength(1);
    const drains = await recordedJobPayloads<{ orgId: string; dueAt?: number }>('deliverWebhooks', org.orgId);
    expect(drains.filter((job) => job.dueAt !== undefined)).toEqual([{ orgId: org.orgId, dueAt: Number(due) }]);
  });
});
