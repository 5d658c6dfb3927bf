/**
 * The stand-in answers the real `stripe` SDK: if a Stripe upgrade changes what the SDK sends or
 * expects, this fails before the billing tests do.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeStandIn, type StripeStandIn } from './stripeStandIn';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn();
  const url = new URL(standIn.url);
  stripe = new Stripe('sk_test_standin', {
    host: url.hostname,
    port: url.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});
afterAll(() => standIn.close());

describe('Stripe stand-in', () => {
  it('makes customers, Checkout and portal sessions, and accepts a meter event identifier once', async () => {
    const customer = await stripe.customers.create({ email: 'billing@example.com', metadata: { orgId: 'o1' } });
    expect(customer).toMatchObject({ object: 'customer', email: 'billing@example.com', metadata: { orgId: 'o1' } });
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);

    const checkout = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: 'price_team', quantity: 1 }],
      success_url: 'http://localhost/ok',
    });
    expect(checkout.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(standIn.to('/v1/checkout/sessions')[0]!.params['line_items[0][price]']).toBe('price_team');

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://x/' });
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.com\//);

    const event = {
      event_name: 'api_calls',
      identifier: 'org:hour',
      payload: { value: '3', stripe_customer_id: customer.id },
    };
    await stripe.billing.meterEvents.create(event);
    await expect(stripe.billing.meterEvents.create(event)).rejects.toMatchObject({ code: 'duplicate_meter_event' });
  });

  it('refuses a request without a secret key the way Stripe does', async () => {
    const url = new URL(standIn.url);
    const anonymous = new Stripe('pk_test_nope', {
      host: url.hostname,
      port: url.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(anonymous.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});
