/**
 * With OUTBOUND_ALLOW_PRIVATE_URLS off (production), a delivery re-checks its target at send
 * time: a host name that now resolves to a private or loopback address (DNS rebinding after the
 * URL was saved) is refused at connect, and a loopback URL is refused before any connection. The
 * refusal is a failed attempt with the reason in words, retried on the schedule like any failure.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { logger } from '../logger';
import { withTenant } from '../tenancy/withTenant';
import { drainDeliveries } from './deliver';
import { createTestEndpoint, startWebhookReceiver, type WebhookReceiver } from './deliverTestFixtures';
import { fanOutToWebhooks } from './fanOut';

vi.hoisted(() => {
  process.env.OUTBOUND_ALLOW_PRIVATE_URLS = 'false';
  process.env.AUDIT_PUSH_ALLOW_INSECURE_URLS = 'false';
});

const SYSTEM = { type: 'system', name: 'webhook-tests' } as const;
let receiver: WebhookReceiver;
let org: TestOrg;
let outboxId = 1_000_000;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  org = await createTestOrg('webhook-guard');
});
afterAll(() => receiver.close());

/** A delivery to `url`, made the way the relay makes one; its id. */
async function deliveryTo(url: string): Promise<string> {
  const endpoint = await createTestEndpoint(org.orgId, { url, eventTypes: ['member.joined'] });
  outboxId += 1;
  await withTenant(org.orgId, SYSTEM, (tx) =>
    fanOutToWebhooks(tx, org.orgId, [
      { id: outboxId, type: 'member.joined', actorUserId: null, data: {}, createdAt: new Date() },
    ]),
  );
  const [row] = await adminQuery<{ id: string }>('select id from webhook_deliveries where endpoint_id = $1', [
    endpoint.id,
  ]);
  return row!.id;
}

const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(org.orgId, SYSTEM, fn);

async function attemptOf(deliveryId: string) {
  const [row] = await adminQuery<{ error: string | null; response_status: number | null; status: string }>(
    `select a.error, a.response_status, d.status from webhook_attempts a
       join webhook_deliveries d on d.org_id = a.org_id and d.id = a.delivery_id where d.id = $1`,
    [deliveryId],
  );
  return row;
}

describe('webhook delivery to private targets', () => {
  it('refuses a public-looking host that resolves to loopback at send time', async () => {
    const port = new URL(receiver.url('/')).port;
    const deliveryId = await deliveryTo(`https://hooks.example.com:${port}/rebound`);
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const { outcomes } = await drainDeliveries({ orgId: org.orgId }, inTenant, logger, { resolve });
    expect(outcomes.get(deliveryId)).toBe('retrying');
    const attempt = await attemptOf(deliveryId);
    expect(attempt).toMatchObject({ response_status: null, status: 'pending' });
    expect(attempt?.error).toMatch(
      /^Refused: hooks\.example\.com resolves to a private, loopback or link-local address/,
    );
    expect(receiver.received).toEqual([]);
  });

  it('refuses a loopback URL saved while private targets were allowed', async () => {
    const deliveryId = await deliveryTo(receiver.url('/loopback'));
    const { outcomes } = await drainDeliveries({ orgId: org.orgId }, inTenant, logger);
    expect(outcomes.get(deliveryId)).toBe('retrying');
    expect((await attemptOf(deliveryId))?.error).toMatch(/^Refused: /);
    expect(receiver.received).toEqual([]);
  });
});
