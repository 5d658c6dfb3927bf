/**
 * The billing mirror made from signed Stripe events: Checkout links a customer to the org it was
 * opened for; a subscription sets the plan currentPlan reads; invoices arrive with their lines,
 * amounts, customer snapshot and links; and events delivered out of order end in the newest state.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestOrg, type TestOrg } from '../../activity/testFixtures';
import { env } from '../../env';
import { withTenant } from '../../tenancy/withTenant';
import { currentPlan } from '../currentPlan';
import {
  customerObject,
  deliver,
  invoiceObject,
  linkCustomer,
  mirrorOf,
  nowSeconds,
  outcomeOf,
  stripeEvent,
  subscriptionObject,
  token,
} from './testFixtures';

const SYSTEM = { type: 'system', name: 'stripe-tests' } as const;

async function planOf(orgId: string) {
  const current = await withTenant(orgId, SYSTEM, (tx) => currentPlan(tx, orgId));
  return current.plan.key;
}

describe('the billing mirror', () => {
  let org: TestOrg;
  let customerId: string;

  beforeEach(async () => {
    org = await createTestOrg('stripe-mirror');
    customerId = await linkCustomer(org.orgId);
  });

  it('links the customer Checkout made to the org named by client_reference_id', async () => {
    const fresh = await createTestOrg('stripe-checkout');
    const newCustomer = `cus_${token()}`;
    const session = {
      id: `cs_test_${token()}`,
      object: 'checkout.session',
      client_reference_id: fresh.orgId,
      customer: newCustomer,
      customer_details: { email: 'payer@example.test' },
      metadata: {},
    };
    expect(await outcomeOf(stripeEvent('checkout.session.completed', session))).toBe('applied');
    expect((await mirrorOf(fresh.orgId)).account).toMatchObject({
      stripe_customer_id: newCustomer,
      email: 'payer@example.test',
    });
    // From now on the customer alone finds the org.
    const subscription = subscriptionObject(`sub_${token()}`, newCustomer, { price: env.STRIPE_PRICE_BUSINESS });
    await deliver(stripeEvent('customer.subscription.created', subscription));
    expect(await planOf(fresh.orgId)).toBe('business');
  });

  it('puts the org on the plan of its subscription, and back on Free when it ends', async () => {
    expect(await planOf(org.orgId)).toBe('free');
    const subscriptionId = `sub_${token()}`;
    const t = nowSeconds() - 600;
    await deliver(
      stripeEvent('customer.subscription.created', subscriptionObject(subscriptionId, customerId), { created: t }),
    );
    expect(await planOf(org.orgId)).toBe('team');

    const upgraded = subscriptionObject(subscriptionId, customerId, { price: env.STRIPE_PRICE_BUSINESS, quantity: 12 });
    await deliver(stripeEvent('customer.subscription.updated', upgraded, { created: t + 60 }));
    expect(await planOf(org.orgId)).toBe('business');
    expect((await mirrorOf(org.orgId)).subscriptions).toEqual([
      expect.objectContaining({ id: subscriptionId, plan: 'business', quantity: 12, status: 'active' }),
    ]);

    await deliver(stripeEvent('customer.subscription.deleted', upgraded, { created: t + 120 }));
    expect(await planOf(org.orgId)).toBe('free');
  });

  it('mirrors an enterprise contract by its metadata, and grants nothing for an unknown price', async () => {
    const enterprise = subscriptionObject(`sub_${token()}`, customerId, {
      price: 'price_contractAcme',
      metadata: { plan: 'enterprise' },
    });
    await deliver(stripeEvent('customer.subscription.created', enterprise));
    expect(await planOf(org.orgId)).toBe('enterprise');

    const other = await createTestOrg('stripe-unknown-price');
    const otherCustomer = await linkCustomer(other.orgId);
    const unknown = subscriptionObject(`sub_${token()}`, otherCustomer, { price: 'price_somethingElse' });
    expect(await outcomeOf(stripeEvent('customer.subscription.created', unknown))).toBe('applied');
    expect(await planOf(other.orgId)).toBe('free');
    expect((await mirrorOf(other.orgId)).subscriptions).toEqual([
      expect.objectContaining({ plan: 'free', price_id: 'price_somethingElse', status: 'active' }),
    ]);
  });

  it('keeps the newest subscription state when Stripe delivers an older update last', async () => {
    const subscriptionId = `sub_${token()}`;
    const t = nowSeconds() - 600;
    const newer = subscriptionObject(subscriptionId, customerId, { status: 'past_due' });
    const older = subscriptionObject(subscriptionId, customerId, { status: 'active', quantity: 3 });
    expect(await outcomeOf(stripeEvent('customer.subscription.updated', newer, { created: t + 60 }))).toBe('applied');
    expect(await outcomeOf(stripeEvent('customer.subscription.updated', older, { created: t }))).toBe('stale');
    expect((await mirrorOf(org.orgId)).subscriptions).toEqual([
      expect.objectContaining({ id: subscriptionId, status: 'past_due', quantity: 1, stripe_event_at: t + 60 }),
    ]);
  });

  it('mirrors an invoice with its lines, tax, customer snapshot and links, and the newest state wins', async () => {
    const invoiceId = `in_${token()}`;
    const subscriptionId = `sub_${token()}`;
    const t = nowSeconds() - 600;
    const open = invoiceObject(invoiceId, customerId, { subscription: subscriptionId });
    const paid = invoiceObject(invoiceId, customerId, { status: 'paid', subscription: subscriptionId });
    await deliver(stripeEvent('invoice.finalized', open, { created: t }));
    await deliver(stripeEvent('invoice.paid', paid, { created: t + 60 }));
    // invoice.updated of the open invoice, sent before the payment, arrives last.
    expect(await outcomeOf(stripeEvent('invoice.updated', open, { created: t + 30 }))).toBe('stale');

    const mirror = await mirrorOf(org.orgId);
    expect(mirror.invoices).toEqual([
      expect.objectContaining({
        id: invoiceId,
        number: paid.number,
        status: 'paid',
        currency: 'eur',
        subtotal: 4900,
        tax: 931,
        total: 5831,
        amount_paid: 5831,
        subscription_id: subscriptionId,
        customer_name: 'Test Customer GmbH',
        customer_address: { line1: 'Hauptstraße 1', city: 'Köln', postalCode: '50667', country: 'DE' },
        customer_tax_id: 'DE811111111',
        hosted_invoice_url: `https://invoice.stripe.com/i/${invoiceId}`,
        stripe_pdf_url: `https://pay.stripe.com/invoice/${invoiceId}/pdf`,
        payment_error: null,
        stripe_event_at: t + 60,
      }),
    ]);
    expect(mirror.lines).toEqual([
      expect.objectContaining({
        invoice_id: invoiceId,
        position: 0,
        description: 'Team plan',
        quantity: 1,
        unit_amount: 4900,
        amount: 4900,
      }),
    ]);
  });

  it('replaces an invoice’s lines when Stripe changes them', async () => {
    const invoiceId = `in_${token()}`;
    const draft = invoiceObject(invoiceId, customerId, { status: 'draft' });
    await deliver(stripeEvent('invoice.created', draft, { created: nowSeconds() - 120 }));
    const revised = {
      ...draft,
      lines: {
        ...draft.lines,
        data: [
          {
            ...draft.lines.data[0]!,
            id: `il_${token()}`,
            description: 'Business plan',
            amount: 19900,
            pricing: { unit_amount_decimal: '19900' },
          },
          {
            ...draft.lines.data[0]!,
            id: `il_${token()}`,
            description: 'API calls overage',
            quantity: 40,
            amount: 2000,
            pricing: { unit_amount_decimal: '50' },
          },
        ],
      },
    };
    await deliver(stripeEvent('invoice.updated', revised));
    const lines = (await mirrorOf(org.orgId)).lines as {
      description: string;
      position: number;
      unit_amount: number | null;
    }[];
    expect(lines.map((l) => [l.position, l.description, l.unit_amount])).toEqual([
      [0, 'Business plan', 19900],
      [1, 'API calls overage', 50],
    ]);
  });

  it('drops a draft Stripe deletes, with its lines, unless a newer event about it came first', async () => {
    const draft = invoiceObject(`in_${token()}`, customerId, { status: 'draft' });
    const t = nowSeconds() - 300;
    await deliver(stripeEvent('invoice.created', draft, { created: t }));
    expect(await outcomeOf(stripeEvent('invoice.deleted', draft, { created: t - 60 }))).toBe('stale');
    expect((await mirrorOf(org.orgId)).invoices).toHaveLength(1);
    expect(await outcomeOf(stripeEvent('invoice.deleted', draft, { created: t + 60 }))).toBe('applied');
    const mirror = await mirrorOf(org.orgId);
    expect([mirror.invoices, mirror.lines]).toEqual([[], []]);
  });

  it('forgets the customer when Stripe deletes it', async () => {
    await deliver(stripeEvent('customer.deleted', { ...customerObject(customerId, null), deleted: true }));
    expect((await mirrorOf(org.orgId)).account).toMatchObject({ stripe_customer_id: null, email: null });
  });
});
