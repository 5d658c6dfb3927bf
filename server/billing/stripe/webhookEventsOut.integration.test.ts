/**
 * Billing alerts reach integrators: the activity event a failed payment records is turned into a
 * webhook message for an endpoint subscribed to it, by the same relay hook that sends every other
 * catalogue event (server/webhooks/fanOut.ts), with the catalogue's data shape.
 */
import { describe, expect, it } from 'vitest';
import { adminQuery } from '../../../test/db';
import { createTestOrg } from '../../activity/testFixtures';
import type { RelayedActivity } from '../../realtime/outboxRelay';
import { WEBHOOK_EVENTS } from '../../shared/webhookEvents';
import { withTenant } from '../../tenancy/withTenant';
import { createTestEndpoint } from '../../webhooks/deliverTestFixtures';
import { fanOutToWebhooks } from '../../webhooks/fanOut';
import { deliver, invoiceObject, linkCustomer, stripeEvent, token } from './testFixtures';

describe('billing events as webhooks', () => {
  it('sends billing.payment_failed to an endpoint subscribed to it, in the catalogue’s shape', async () => {
    const org = await createTestOrg('stripe-hooks');
    const customerId = await linkCustomer(org.orgId);
    await createTestEndpoint(org.orgId, {
      url: 'https://hooks.example.com/billing',
      eventTypes: ['billing.payment_failed'],
    });
    const invoiceId = `in_${token()}`;
    await deliver(stripeEvent('invoice.payment_failed', invoiceObject(invoiceId, customerId, { attemptCount: 1 })));

    const rows = await adminQuery<{ id: string; type: string; data: Record<string, unknown>; created_at: Date }>(
      `select id, type, data, created_at from outbox where org_id = $1 and topic = 'activity' order by id`,
      [org.orgId],
    );
    const relayed: RelayedActivity[] = rows.map((row) => ({
      id: Number(row.id),
      type: row.type,
      actorUserId: null,
      data: row.data,
      createdAt: row.created_at,
    }));
    const deliveries = await withTenant(org.orgId, { type: 'system', name: 'outbox-relay' }, (tx) =>
      fanOutToWebhooks(tx, org.orgId, relayed),
    );
    expect(deliveries).toBe(1);
    const [message] = await adminQuery<{ event_type: string; payload: { data: Record<string, unknown> } }>(
      'select event_type, payload from webhook_messages where org_id = $1',
      [org.orgId],
    );
    expect(message?.event_type).toBe('billing.payment_failed');
    expect(Object.keys(message!.payload.data).sort()).toEqual(
      Object.keys(WEBHOOK_EVENTS['billing.payment_failed'].example).sort(),
    );
    expect(message!.payload.data).toMatchObject({ invoiceId, attemptCount: 1, currency: 'eur' });
  });
});
