/**
 * POST /webhooks/stripe over real HTTP, on the router server/index.ts mounts: Stripe's signed
 * request is applied from its exact bytes whatever its content type, a refusal is JSON in the
 * endpoint's own error form, and a body past 1 MB is refused before it is read.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, type TestOrg } from '../../activity/testFixtures';
import { env } from '../../env';
import { signStripeEvent } from './signEvent';
import { linkCustomer, mirrorOf, stripeEvent, subscriptionObject, token } from './testFixtures';
import { createStripeWebhookRouter, STRIPE_WEBHOOK_PATH } from './webhookRoute';

describe('POST /webhooks/stripe over HTTP', () => {
  let server: Server;
  let url: string;
  let org: TestOrg;
  let customerId: string;

  beforeAll(async () => {
    const app = express();
    app.use(STRIPE_WEBHOOK_PATH, createStripeWebhookRouter());
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${STRIPE_WEBHOOK_PATH}`;
    org = await createTestOrg('stripe-http');
    customerId = await linkCustomer(org.orgId);
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers });

  it('applies a signed event sent as Stripe sends it', async () => {
    const subscriptionId = `sub_${token()}`;
    // Stripe sends pretty-printed JSON: what is signed is those exact bytes, never a re-serialization.
    const rawBody = JSON.stringify(
      stripeEvent('customer.subscription.created', subscriptionObject(subscriptionId, customerId)),
      null,
      2,
    );
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: env.stripeWebhookSecret });
    const response = await post(rawBody, {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signature,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await mirrorOf(org.orgId)).subscriptions).toEqual([expect.objectContaining({ id: subscriptionId })]);
  });

  it('answers a refusal as JSON with a code and a message, and nothing else', async () => {
    const { rawBody } = signStripeEvent(
      stripeEvent('customer.subscription.created', subscriptionObject(`sub_${token()}`, customerId)),
    );
    const response = await post(rawBody, { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
    expect(body.error.code).toBe('SIGNATURE_EXPIRED');

    const unsigned = await post(rawBody, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_MISSING');
  });

  it('refuses a body over 1 MB and any method but POST', async () => {
    const huge = await post('x'.repeat(1024 * 1024 + 10), {
      'content-type': 'application/json',
      'stripe-signature': 't=1,v1=x',
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });

    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
