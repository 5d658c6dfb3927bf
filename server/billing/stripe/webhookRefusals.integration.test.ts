/**
 * What POST /webhooks/stripe refuses and what it only records: a forged, unsigned, stale,
 * unreadable or misshapen event is a 400 with a JSON error and changes nothing (not even the
 * event record); an event for a customer nobody has, or of a type the mirror does not apply, is
 * recorded and ignored with a 200; the same event twice is applied once.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Stripe from 'stripe';
import { createTestOrg, type TestOrg } from '../../activity/testFixtures';
import { env } from '../../env';
import { receiveStripeWebhook } from './receiveWebhook';
import {
  activityOf,
  customerObject,
  invoiceObject,
  deliver,
  linkCustomer,
  mirrorOf,
  nowSeconds,
  recordedEvent,
  stripeEvent,
  subscriptionObject,
  token,
} from './testFixtures';

describe('Stripe webhooks refused', () => {
  let org: TestOrg;
  let customerId: string;

  beforeAll(async () => {
    org = await createTestOrg('stripe-refusals');
    customerId = await linkCustomer(org.orgId);
  });
  afterEach(() => vi.useRealTimers());

  const subscriptionCreated = () =>
    stripeEvent('customer.subscription.created', subscriptionObject(`sub_${token()}`, customerId));

  it('refuses a signature made with another secret, a missing one and a stale one, changing nothing', async () => {
    const before = await mirrorOf(org.orgId);
    const forged = subscriptionCreated();
    const forgedAnswer = await deliver(forged, { secret: 'whsec_someoneElsesSecret' });
    expect(forgedAnswer).toEqual({
      status: 400,
      body: { error: { code: 'SIGNATURE_INVALID', message: expect.any(String) } },
    });

    const unsigned = subscriptionCreated();
    expect(await receiveStripeWebhook(JSON.stringify(unsigned), undefined)).toMatchObject({
      status: 400,
      body: { error: { code: 'SIGNATURE_MISSING' } },
    });

    // Signed correctly, but 10 minutes ago: a replay past the 300 s tolerance.
    const stale = subscriptionCreated();
    const staleAnswer = await deliver(stale, { timestamp: nowSeconds() - 600 });
    expect(staleAnswer).toMatchObject({ status: 400, body: { error: { code: 'SIGNATURE_EXPIRED' } } });

    // The body altered after signing.
    const altered = subscriptionCreated();
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: JSON.stringify(altered),
      secret: env.stripeWebhookSecret,
    });
    const tampered = JSON.stringify({ ...altered, data: { object: { ...altered.data.object, status: 'canceled' } } });
    expect(await receiveStripeWebhook(tampered, header)).toMatchObject({
      status: 400,
      body: { error: { code: 'SIGNATURE_INVALID' } },
    });

    expect(await mirrorOf(org.orgId)).toEqual(before);
    for (const event of [forged, unsigned, stale, altered]) expect(await recordedEvent(event.id)).toBeNull();
  });

  it('refuses a signed body that is not JSON, not an event, or an event of the wrong shape', async () => {
    const before = await mirrorOf(org.orgId);
    const notJson = '{"id": "evt_x", "type": ';
    const signed = (payload: string) =>
      Stripe.webhooks.generateTestHeaderString({ payload, secret: env.stripeWebhookSecret });
    const answer = await receiveStripeWebhook(notJson, signed(notJson));
    expect(answer).toEqual({ status: 400, body: { error: { code: 'EVENT_INVALID', message: expect.any(String) } } });
    expect(JSON.stringify(answer)).not.toMatch(/SyntaxError|at \w+ \(|Unexpected/);

    const notAnEvent = JSON.stringify({ hello: 'world' });
    expect((await receiveStripeWebhook(notAnEvent, signed(notAnEvent))).status).toBe(400);

    // A subscription without items or with a made-up status.
    const misshapen = stripeEvent('customer.subscription.updated', {
      ...subscriptionObject(`sub_${token()}`, customerId),
      status: 'on_holiday',
    });
    expect(await deliver(misshapen)).toMatchObject({ status: 400, body: { error: { code: 'EVENT_INVALID' } } });
    expect(await recordedEvent(misshapen.id)).toBeNull();
    expect(await mirrorOf(org.orgId)).toEqual(before);
  });

  it('applies the same event once: a redelivery answers 200 and changes nothing', async () => {
    const event = subscriptionCreated();
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    const after = await mirrorOf(org.orgId);
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await mirrorOf(org.orgId)).toEqual(after);
    expect(await recordedEvent(event.id)).toEqual({ type: 'customer.subscription.created', outcome: 'applied' });
  });

  it('applies an event once when Stripe delivers it twice at the same moment', async () => {
    const event = stripeEvent(
      'invoice.payment_failed',
      invoiceObject(`in_${token()}`, customerId, { attemptCount: 1 }),
    );
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(
      answers.map((answer) => answer.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      { received: true, outcome: 'applied' },
      { received: true, outcome: 'duplicate' },
    ]);
    const failures = (await activityOf(org.orgId)).filter((row) => row.type === 'billing.payment_failed');
    expect(failures).toHaveLength(1);
  });

  it('records and ignores an event about a customer no org has, and one naming an org that does not exist', async () => {
    const stranger = stripeEvent('customer.updated', customerObject(`cus_${token()}`, null));
    expect(await deliver(stranger)).toEqual({ status: 200, body: { received: true, outcome: 'unknown_customer' } });
    expect(await recordedEvent(stranger.id)).toEqual({ type: 'customer.updated', outcome: 'unknown_customer' });

    const ghost = stripeEvent(
      'customer.created',
      customerObject(`cus_${token()}`, '00000000-0000-4000-8000-00000000dead'),
    );
    expect((await deliver(ghost)).body).toEqual({ received: true, outcome: 'unknown_customer' });
    expect(await deliver(stranger)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
  });

  it('records and ignores a type the mirror does not apply', async () => {
    const event = stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge', customer: customerId });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: 'unhandled_type' } });
    expect(await recordedEvent(event.id)).toEqual({ type: 'charge.refunded', outcome: 'unhandled_type' });
  });

  it('never lets an event claim a customer that belongs to another org', async () => {
    const other = await createTestOrg('stripe-other');
    const before = await mirrorOf(other.orgId);
    // The event names the other org, but the customer is ours: it is applied to ours.
    const event = stripeEvent(
      'customer.updated',
      customerObject(customerId, other.orgId, { email: 'new@example.test' }),
    );
    expect((await deliver(event)).body).toEqual({ received: true, outcome: 'applied' });
    expect(await mirrorOf(other.orgId)).toEqual(before);
    expect((await mirrorOf(org.orgId)).account).toMatchObject({
      stripe_customer_id: customerId,
      email: 'new@example.test',
    });
  });
});
