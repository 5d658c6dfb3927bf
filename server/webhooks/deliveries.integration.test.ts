/**
 * Webhook deliveries through the real procedure chain and database: an endpoint's deliveries
 * paged newest first by an opaque cursor (ties on time broken by id, filtered by status), one
 * delivery with its body and attempts, and the actions that send again — replay, replay failed,
 * send test event — each leaving the delivery pending and a deliverWebhooks drain naming it recorded
 * in the outbox for after the commit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { recordedJobPayloads } from '../jobs/testFixtures';
import { caught, rolesTestOrg, type Caller, type RolesTestOrg } from '../roles/testFixtures';
import { WEBHOOK_EVENTS } from '../shared/webhookEvents';
import { seedAttempt, seedDelivery } from './testFixtures';

type JobPayload = { orgId: string; onDemand?: { trigger: string; deliveryIds: string[] } };

/** The recorded drains that name this delivery on demand, with their trigger. */
async function drainsNaming(orgId: string, deliveryId: string): Promise<JobPayload[]> {
  const jobs = await recordedJobPayloads<JobPayload>('deliverWebhooks', orgId);
  return jobs.filter((job) => job.onDemand?.deliveryIds.includes(deliveryId));
}

async function deliveryRow(id: string) {
  const [row] = await adminQuery<{ status: string; next_attempt_at: Date | null; attempt_count: number }>(
    'select status, next_attempt_at, attempt_count from webhook_deliveries where id = $1',
    [id],
  );
  return row!;
}

describe('webhook deliveries', () => {
  let org: RolesTestOrg;
  let other: RolesTestOrg;
  let hooks: Caller['webhooks'];
  let endpointId: string;

  beforeAll(async () => {
    [org, other] = await Promise.all([rolesTestOrg('deliveries'), rolesTestOrg('deliveries-other')]);
    hooks = org.ownerPerson.caller.webhooks;
    const created = await hooks.create({
      orgSlug: org.slug,
      url: 'https://hooks.example.test/in',
      eventTypes: ['team.created', 'member.joined'],
    });
    endpointId = created.endpoint.id;
  });

  it('pages deliveries newest first without repeats or gaps, ties on time included, and filters by status', async () => {
    const { endpoint } = await hooks.create({
      orgSlug: org.slug,
      url: 'https://paging.example.test/in',
      eventTypes: ['*'],
    });
    const base = Date.now() - 60_000;
    const seeded = [];
    for (let i = 0; i < 23; i++) {
      // Pairs share a timestamp, so the id must break the tie between pages.
      const createdAt = new Date(base + Math.floor(i / 2) * 1_000);
      const status = i % 3 === 0 ? 'failed' : 'succeeded';
      seeded.push(await seedDelivery(org.orgId, endpoint.id, { status, attemptCount: 1, createdAt }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await hooks.deliveries({ orgSlug: org.slug, endpointId: endpoint.id, limit: 5, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen.sort()).toEqual(seeded.map((d) => d.id).sort());

    const first = await hooks.deliveries({ orgSlug: org.slug, endpointId: endpoint.id });
    const times = first.items.map((d) => d.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(first.items[0]).toMatchObject({ eventType: 'member.joined', attemptCount: 1, nextAttemptAt: null });

    const failed = await hooks.deliveries({ orgSlug: org.slug, endpointId: endpoint.id, status: 'failed', limit: 100 });
    expect(failed.items).toHaveLength(8);
    expect(failed.items.every((d) => d.status === 'failed' && d.lastResponseStatus === 500)).toBe(true);
    expect(failed.nextCursor).toBeNull();

    const summary = await hooks.get({ orgSlug: org.slug, id: endpoint.id });
    expect(summary.lastDelivery).toMatchObject({ status: expect.any(String), responseStatus: expect.any(Number) });
    expect(summary.failedLast24h).toBe(8);

    const badCursor = await caught(hooks.deliveries({ orgSlug: org.slug, endpointId: endpoint.id, cursor: 'bm9wZQ' }));
    expect(badCursor).toMatchObject({ code: 'BAD_REQUEST', appCode: 'INVALID_INPUT', details: { field: 'cursor' } });
  });

  it('shows one delivery with its body, endpoint and attempts in order, and nothing of another org', async () => {
    const delivery = await seedDelivery(org.orgId, endpointId, { status: 'failed', attemptCount: 2 });
    await seedAttempt(org.orgId, delivery.id, { attemptNumber: 1, responseStatus: null, error: 'Connection refused' });
    await seedAttempt(org.orgId, delivery.id, { attemptNumber: 2, responseStatus: 503 });
    const detail = await hooks.delivery({ orgSlug: org.slug, id: delivery.id });
    expect(detail.delivery).toMatchObject({
      id: delivery.id,
      messageId: delivery.messageId,
      endpointId,
      url: 'https://hooks.example.test/in',
      status: 'failed',
      attemptCount: 2,
    });
    expect(detail.payload).toMatchObject({ type: 'member.joined', data: { seeded: true } });
    expect(detail.attempts.map((a) => [a.attemptNumber, a.responseStatus, a.error])).toEqual([
      [1, null, 'Connection refused'],
      [2, 503, null],
    ]);
    expect(detail.attempts[0]).toMatchObject({
      trigger: 'scheduled',
      durationMs: 42,
      requestHeaders: { 'webhook-id': 'msg_x' },
    });

    const outsider = other.ownerPerson.caller.webhooks;
    const hidden = await caught(outsider.delivery({ orgSlug: other.slug, id: delivery.id }));
    expect(hidden).toMatchObject({ code: 'NOT_FOUND', appCode: 'WEBHOOK_DELIVERY_NOT_FOUND' });
    const notReplayed = await caught(outsider.replay({ orgSlug: other.slug, deliveryId: delivery.id }));
    expect(notReplayed).toMatchObject({ code: 'NOT_FOUND', appCode: 'WEBHOOK_DELIVERY_NOT_FOUND' });
    expect((await deliveryRow(delivery.id)).status).toBe('failed');
  });

  it('replays one delivery now: pending, due, and a replay job for its next attempt', async () => {
    const delivery = await seedDelivery(org.orgId, endpointId, { status: 'failed', attemptCount: 3 });
    const before = Date.now();
    expect(await hooks.replay({ orgSlug: org.slug, deliveryId: delivery.id })).toEqual({ deliveryId: delivery.id });
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: 'pending', attempt_count: 3 });
    expect(row.next_attempt_at!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(await drainsNaming(org.orgId, delivery.id)).toEqual([
      { orgId: org.orgId, onDemand: { trigger: 'replay', deliveryIds: [delivery.id] } },
    ]);
    const [event] = await adminQuery<{ resource_type: string; resource_id: string }>(
      `select resource_type, resource_id from audit_events where org_id = $1 and action = 'webhook.replay'`,
      [org.orgId],
    );
    expect(event).toEqual({ resource_type: 'webhook_delivery', resource_id: delivery.id });
  });

  it('replays every failed delivery of the endpoint and leaves the others alone', async () => {
    const { endpoint } = await hooks.create({
      orgSlug: org.slug,
      url: 'https://again.example.test/in',
      eventTypes: ['*'],
    });
    const failed = await Promise.all(
      [1, 2, 3].map((n) => seedDelivery(org.orgId, endpoint.id, { status: 'failed', attemptCount: n })),
    );
    const succeeded = await seedDelivery(org.orgId, endpoint.id, { status: 'succeeded', attemptCount: 1 });
    expect(await hooks.replayFailed({ orgSlug: org.slug, endpointId: endpoint.id })).toEqual({ count: 3 });
    for (const delivery of failed) expect((await deliveryRow(delivery.id)).status).toBe('pending');
    // One drain names them all.
    const [drain, ...more] = await drainsNaming(org.orgId, failed[0]!.id);
    expect(more).toEqual([]);
    expect(drain?.onDemand?.trigger).toBe('replay');
    expect([...drain!.onDemand!.deliveryIds].sort()).toEqual(failed.map((d) => d.id).sort());
    expect((await deliveryRow(succeeded.id)).status).toBe('succeeded');
    expect(await drainsNaming(org.orgId, succeeded.id)).toEqual([]);
    expect(await hooks.replayFailed({ orgSlug: org.slug, endpointId: endpoint.id })).toEqual({ count: 0 });
  });

  it('sends a test event to that endpoint only: a webhook.test message carrying the example it stands for', async () => {
    const { deliveryId } = await hooks.sendTest({ orgSlug: org.slug, id: endpointId, eventType: 'team.created' });
    const detail = await hooks.delivery({ orgSlug: org.slug, id: deliveryId });
    expect(detail.delivery).toMatchObject({
      endpointId,
      eventType: 'webhook.test',
      status: 'pending',
      attemptCount: 0,
    });
    expect(detail.delivery.messageId).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(detail.payload).toEqual({
      type: 'webhook.test',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: { eventType: 'team.created', example: WEBHOOK_EVENTS['team.created'].example },
    });
    const deliveries = await adminQuery<{ endpoint_id: string }>(
      'select endpoint_id::text from webhook_deliveries where message_id = $1',
      [detail.delivery.messageId],
    );
    expect(deliveries).toEqual([{ endpoint_id: endpointId }]);
    expect(await drainsNaming(org.orgId, deliveryId)).toEqual([
      { orgId: org.orgId, onDemand: { trigger: 'test', deliveryIds: [deliveryId] } },
    ]);

    // Without a choice it stands for the first type the endpoint subscribes to.
    const fallback = await hooks.sendTest({ orgSlug: org.slug, id: endpointId });
    const standIn = await hooks.delivery({ orgSlug: org.slug, id: fallback.deliveryId });
    expect(standIn.payload).toMatchObject({ data: { eventType: 'member.joined' } });
  });
});
