/**
 * Webhook delivery end to end, nothing lost: the real outbox relay makes messages from committed
 * activity, Bull workers deliver them to a real receiver on loopback, and the receiver checks every
 * signature with the Standard Webhooks reference implementation. The retry schedule is scaled down
 * (WEBHOOK_RETRY_SCALE=0.001: 5 ms, 300 ms, 1.8 s …) so an outage and a recovery fit in a test.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../test/db';
import { waitFor } from '../../test/live';
import { notifyInboxHandler } from '../../jobs/handlers/notifyInbox';
import { deliverWebhooksHandler } from '../../jobs/handlers/deliverWebhooks';
import { sweepWebhooksHandler } from '../../jobs/handlers/sweepWebhooks';
import { runHandler } from '../../jobs/testFixtures';
import { startWorkers } from '../../jobs/worker';
import { writeActivity } from '../activity/testFixtures';
import { deliverWebhooks } from '../jobs/definitions/deliverWebhooks';
import { closeQueues, queueFor } from '../jobs/queues';
import { enqueueRecordedJobs } from '../jobs/recordedJobs';
import { startOutboxRelay } from '../realtime/outboxRelay';
import { personIn, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { claimDueDeliveries } from './deliverClaim';
import { AUTO_DISABLE_ACTION, ENDPOINT_DISABLED_ACTIVITY } from './deliverRecord';
import {
  createTestEndpoint,
  newTestSecret,
  startWebhookReceiver,
  verifyWith,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './deliverTestFixtures';
import { fanOutToWebhooks } from './fanOut';
import { scheduleDelivery } from './schedule';

// Receivers listen on loopback over http (allowed only with the switch); retries in milliseconds.
vi.hoisted(() => {
  process.env.OUTBOUND_ALLOW_PRIVATE_URLS = 'true';
  process.env.WEBHOOK_RETRY_SCALE = '0.001';
});

const SYSTEM = { type: 'system', name: 'webhook-tests' } as const;

let receiver: WebhookReceiver;
let relay: { close(): Promise<void> };
let workers: { close(): Promise<void> };
let org: RolesTestOrg;

const startDeliveryWorkers = () => startWorkers({ handlers: [deliverWebhooksHandler], crons: [] });
/** Whether a test stopped the workers (they are started again after it, whatever its outcome). */
let isStopped = false;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  relay = startOutboxRelay({
    pollIntervalMs: 100,
    enqueueJobs: enqueueRecordedJobs,
    onActivityRelayed: fanOutToWebhooks,
  });
  workers = await startDeliveryWorkers();
  org = await rolesTestOrg('webhooks');
});

afterEach(async () => {
  receiver.answerWith(() => 200);
  if (!isStopped) return;
  workers = await startDeliveryWorkers();
  isStopped = false;
});

afterAll(async () => {
  await workers.close();
  await relay.close();
  await closeQueues();
  await receiver.close();
});

type DeliveryRow = {
  id: string;
  status: string;
  attempt_count: number;
  message_id: string;
  event_type: string;
  next_attempt_at: Date | null;
};

async function deliveriesOf(endpointId: string): Promise<DeliveryRow[]> {
  return adminQuery<DeliveryRow>(
    `select d.id, d.status, d.attempt_count, d.message_id, m.event_type, d.next_attempt_at
       from webhook_deliveries d join webhook_messages m on m.org_id = d.org_id and m.id = d.message_id
      where d.endpoint_id = $1 order by m.source_outbox_id`,
    [endpointId],
  );
}

async function endpointRow(endpointId: string) {
  const [row] = await adminQuery<{ is_enabled: boolean; disabled_reason: string | null; failing_since: Date | null }>(
    'select is_enabled, disabled_reason, failing_since from webhook_endpoints where id = $1',
    [endpointId],
  );
  return row!;
}

async function settled(endpointId: string, count: number, timeoutMs = 20_000): Promise<DeliveryRow[]> {
  await waitFor(async () => {
    const rows = await deliveriesOf(endpointId);
    return rows.length === count && rows.every((row) => row.status !== 'pending');
  }, timeoutMs);
  return deliveriesOf(endpointId);
}

const answeredOk = (path: string) => receiver.to(path);
const idsOf = (requests: ReceivedWebhook[]) => requests.map((request) => String(request.headers['webhook-id']));

describe('webhook delivery', () => {
  it('delivers a member change once, signed, to the subscribed endpoint only', async () => {
    const subscribed = await createTestEndpoint(org.orgId, {
      url: receiver.url('/members'),
      eventTypes: ['member.deactivated'],
    });
    const unsubscribed = await createTestEndpoint(org.orgId, {
      url: receiver.url('/teams'),
      eventTypes: ['team.created'],
    });
    const off = await createTestEndpoint(org.orgId, { url: receiver.url('/off'), isEnabled: false });
    const person = await personIn(org, 'wh-deactivated', 'member');

    await org.ownerPerson.caller.members.deactivate({ orgSlug: org.slug, membershipId: person.membershipId });

    const [delivery, ...more] = await settled(subscribed.id, 1);
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 1, event_type: 'member.deactivated' });
    const [request, ...again] = receiver.to('/members');
    expect(again).toEqual([]);
    const payload = verifyWith(subscribed.secret, request!) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'member.deactivated',
      data: { membershipId: person.membershipId, userId: person.userId },
      actor: { type: 'user', id: org.ownerPerson.userId },
    });
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Atrium-Webhooks/1',
      'webhook-id': delivery!.message_id,
    });
    expect(() => verifyWith(newTestSecret(), request!)).toThrow();

    // The attempt is logged without any secret; the unsubscribed and disabled endpoints got nothing.
    const [attempt] = await adminQuery<{
      request_headers: Record<string, string>;
      response_status: number;
      trigger: string;
    }>('select request_headers, response_status, trigger from webhook_attempts where delivery_id = $1', [delivery!.id]);
    expect(attempt).toMatchObject({ response_status: 200, trigger: 'scheduled' });
    expect(JSON.stringify(attempt)).not.toContain(subscribed.secret.slice('whsec_'.length));
    expect(attempt!.request_headers['webhook-signature']).toBe(request!.headers['webhook-signature']);
    expect(await deliveriesOf(unsubscribed.id)).toEqual([]);
    expect(await deliveriesOf(off.id)).toEqual([]);
    expect(receiver.to('/teams')).toEqual([]);
    expect(receiver.to('/off')).toEqual([]);
  });

  it('delivers every event after the receiver was down and failing for a while', async () => {
    const endpoint = await createTestEndpoint(org.orgId, {
      url: receiver.url('/flaky'),
      eventTypes: ['member.updated'],
    });
    await receiver.stop();
    const downSince = Date.now();
    for (let i = 0; i < 4; i++) {
      await writeActivity(org.orgId, org.owner.userId, 'member.updated', { n: i });
    }
    // Connections refused for a while, then HTTP 500 for a while, then the receiver recovers.
    await waitFor(async () => (await deliveriesOf(endpoint.id)).some((row) => row.attempt_count >= 2));
    await receiver.start();
    receiver.answerWith((request) => (request.path === '/flaky' && Date.now() - downSince < 1_500 ? 500 : 200));

    const rows = await settled(endpoint.id, 4, 30_000);
    expect(rows.map((row) => row.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(rows.some((row) => row.attempt_count > 2)).toBe(true);
    const arrived = answeredOk('/flaky').filter((request) => request.at - downSince >= 1_500);
    expect(new Set(idsOf(arrived))).toEqual(new Set(rows.map((row) => row.message_id)));
    for (const request of arrived)
      expect(verifyWith(endpoint.secret, request)).toMatchObject({ type: 'member.updated' });
    const attempts = await adminQuery<{ error: string | null; response_status: number | null }>(
      `select a.error, a.response_status from webhook_attempts a
         join webhook_deliveries d on d.org_id = a.org_id and d.id = a.delivery_id where d.endpoint_id = $1`,
      [endpoint.id],
    );
    expect(attempts.some((a) => a.error === 'Connection refused' && a.response_status === null)).toBe(true);
    expect(attempts.some((a) => a.response_status === 500 && a.error === 'HTTP 500')).toBe(true);
    expect((await endpointRow(endpoint.id)).failing_since).toBeNull();
    receiver.answerWith(() => 200);
  }, 40_000);

  it('re-delivers through the sweeper when the worker died mid-delivery or the job was lost', async () => {
    await workers.close();
    isStopped = true;
    const endpoint = await createTestEndpoint(org.orgId, {
      url: receiver.url('/lost'),
      eventTypes: ['team.member_added'],
    });
    await writeActivity(org.orgId, org.owner.userId, 'team.member_added', { name: 'A' });
    await writeActivity(org.orgId, org.owner.userId, 'team.member_added', { name: 'B' });
    const queue = queueFor(deliverWebhooks);
    await waitFor(async () => {
      const [unsent] = await adminQuery<{ jobs: number }>(
        `select count(*)::int as jobs from outbox where org_id = $1 and topic = 'jobs' and published_at is null`,
        [org.orgId],
      );
      return (await deliveriesOf(endpoint.id)).length === 2 && unsent?.jobs === 0;
    });
    const mine = new Set((await deliveriesOf(endpoint.id)).map((row) => row.id));

    // A worker took a delivery's lease and died before recording anything; the drains' jobs
    // vanished (e.g. Redis lost them).
    const claimed = await withTenant(org.orgId, SYSTEM, (tx) => claimDueDeliveries(tx, org.orgId, { limit: 1 }));
    expect(claimed).toHaveLength(1);
    expect(mine.has(claimed[0]!.deliveryId)).toBe(true);
    for (const job of await queue.getJobs(['waiting', 'delayed'])) await job.remove();
    // Time passes: the lease and the due time are both more than a minute ago.
    await adminQuery(
      `update webhook_deliveries set next_attempt_at = now() - interval '3 minutes' where endpoint_id = $1`,
      [endpoint.id],
    );

    await runHandler(sweepWebhooksHandler, { orgId: org.orgId });
    await runHandler(sweepWebhooksHandler, { orgId: org.orgId });
    expect(await queue.getWaitingCount()).toBeGreaterThan(0);
    workers = await startDeliveryWorkers();
    isStopped = false;

    const rows = await settled(endpoint.id, 2);
    expect(rows.map((row) => [row.status, row.attempt_count])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    expect(idsOf(receiver.to('/lost')).sort()).toEqual(rows.map((row) => row.message_id).sort());
  });

  it('disables an endpoint that answers 410 Gone, and tells the trail why', async () => {
    const endpoint = await createTestEndpoint(org.orgId, { url: receiver.url('/gone'), eventTypes: ['role.created'] });
    receiver.answerWith((request) => (request.path === '/gone' ? 410 : 200));
    await writeActivity(org.orgId, org.owner.userId, 'role.created', { name: 'Ops' });

    const [delivery] = await settled(endpoint.id, 1);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 1, next_attempt_at: null });
    expect(await endpointRow(endpoint.id)).toMatchObject({ is_enabled: false, disabled_reason: 'gone' });
    const [audit] = await adminQuery<{ action: string; after: Record<string, unknown> }>(
      `select action, after from audit_events where org_id = $1 and action = $2 and resource_id = $3`,
      [org.orgId, AUTO_DISABLE_ACTION, endpoint.id],
    );
    expect(audit?.after).toMatchObject({ isEnabled: false, disabledReason: 'gone' });

    // Nothing more is delivered to it.
    await writeActivity(org.orgId, org.owner.userId, 'role.created', { name: 'Later' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.to('/gone')).toHaveLength(1);
    receiver.answerWith(() => 200);
  });

  it('disables an endpoint failing for more than 5 days and notifies the admins in the app', async () => {
    const sixDaysAgo = new Date(Date.now() - 6 * 24 * 3_600_000);
    const endpoint = await createTestEndpoint(org.orgId, {
      url: receiver.url('/failing'),
      eventTypes: ['role.deleted'],
      failingSince: sixDaysAgo,
    });
    receiver.answerWith((request) => (request.path === '/failing' ? 503 : 200));
    await writeActivity(org.orgId, org.owner.userId, 'role.deleted', { name: 'Ops' });

    const [delivery] = await settled(endpoint.id, 1);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 1 });
    expect(await endpointRow(endpoint.id)).toMatchObject({ is_enabled: false, disabled_reason: 'failing' });

    await runHandler(notifyInboxHandler, { orgId: org.orgId });
    const notified = await adminQuery<{ user_id: string; data: Record<string, unknown> }>(
      `select user_id, data from notifications where org_id = $1 and type = $2 and in_inbox`,
      [org.orgId, ENDPOINT_DISABLED_ACTIVITY],
    );
    const mine = notified.filter((n) => n.data.endpointId === endpoint.id);
    expect(mine.map((n) => n.user_id)).toContain(org.owner.userId);
    expect(mine[0]?.data).toMatchObject({ reason: 'failing', host: new URL(receiver.url('/')).host });
    receiver.answerWith(() => 200);
  });

  it('signs with both secrets during a rotation overlap, and only the current one after it', async () => {
    const previous = newTestSecret();
    const overlapping = await createTestEndpoint(org.orgId, {
      url: receiver.url('/rotating'),
      eventTypes: ['team.deleted'],
      previous: { secret: previous, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const expiredPrevious = newTestSecret();
    const rotated = await createTestEndpoint(org.orgId, {
      url: receiver.url('/rotated'),
      eventTypes: ['team.deleted'],
      previous: { secret: expiredPrevious, expiresAt: new Date(Date.now() - 1_000) },
    });
    await writeActivity(org.orgId, org.owner.userId, 'team.deleted', { name: 'Old' });
    await settled(overlapping.id, 1);
    await settled(rotated.id, 1);

    const [during] = receiver.to('/rotating');
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWith(overlapping.secret, during!)).toMatchObject({ type: 'team.deleted' });
    expect(verifyWith(previous, during!)).toMatchObject({ type: 'team.deleted' });

    const [after] = receiver.to('/rotated');
    expect(String(after!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyWith(rotated.secret, after!)).toMatchObject({ type: 'team.deleted' });
    expect(() => verifyWith(expiredPrevious, after!)).toThrow();
  });

  it('replays a delivery as one attempt: a failed replay leaves it failed, a good one succeeds', async () => {
    const endpoint = await createTestEndpoint(org.orgId, {
      url: receiver.url('/replay'),
      eventTypes: ['team.updated'],
    });
    await writeActivity(org.orgId, org.owner.userId, 'team.updated', { name: 'T' });
    const [first] = await settled(endpoint.id, 1);
    expect(first).toMatchObject({ status: 'succeeded', attempt_count: 1 });

    // What webhooks.replay does: the delivery is pending again and an attempt is recorded now.
    const replay = async (attemptNumber: number) => {
      await withTenant(org.orgId, SYSTEM, async (tx) => {
        await tx.execute(
          sql`update webhook_deliveries set status = 'pending', next_attempt_at = now() where id = ${first!.id}::uuid`,
        );
        await scheduleDelivery(tx, { orgId: org.orgId, deliveryId: first!.id, attemptNumber, trigger: 'replay' });
      });
    };
    receiver.answerWith((request) => (request.path === '/replay' ? 500 : 200));
    await replay(2);
    expect(await settled(endpoint.id, 1)).toMatchObject([
      { status: 'failed', attempt_count: 2, next_attempt_at: null },
    ]);
    receiver.answerWith(() => 200);
    await replay(3);
    expect(await settled(endpoint.id, 1)).toMatchObject([{ status: 'succeeded', attempt_count: 3 }]);
    const triggers = await adminQuery<{ attempt_number: number; trigger: string; response_status: number }>(
      'select attempt_number, trigger, response_status from webhook_attempts where delivery_id = $1 order by attempt_number',
      [first!.id],
    );
    expect(triggers).toEqual([
      { attempt_number: 1, trigger: 'scheduled', response_status: 200 },
      { attempt_number: 2, trigger: 'replay', response_status: 500 },
      { attempt_number: 3, trigger: 'replay', response_status: 200 },
    ]);
    expect(new Set(idsOf(receiver.to('/replay')))).toEqual(new Set([first!.message_id]));
  });
});
