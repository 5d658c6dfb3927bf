/**
 * What people hear from Stripe's events: a failed payment raises one alert — an activity event
 * (webhook-ready, in the feed only for billing readers) and an in-app notification for the people
 * who hold billing:read — however often Stripe repeats it; a card about to expire is announced
 * once per expiry month; a paid invoice and a changed subscription are plain activity events; and
 * events that are history (older than a week) update the mirror silently.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { adminQuery } from '../../../test/db';
import { addTestMember, createTestOrg, type TestOrg, type TestUser } from '../../activity/testFixtures';
import { fanOutActivity } from '../../notifications/fanOut';
import { callerFor } from '../../roles/testFixtures';
import { isWebhookEventType } from '../../shared/webhookEvents';
import { withTenant } from '../../tenancy/withTenant';
import { env } from '../../env';
import {
  activityOf,
  customerObject,
  deliver,
  invoiceObject,
  linkCustomer,
  mirrorOf,
  nowSeconds,
  stripeEvent,
  subscriptionObject,
  token,
} from './testFixtures';

async function notificationsOf(org: TestOrg, user: TestUser): Promise<string[]> {
  await withTenant(org.orgId, { type: 'system', name: 'job:notifyInbox' }, (tx) => fanOutActivity(tx, org.orgId));
  const rows = await adminQuery<{ type: string }>(
    'select type from notifications where org_id = $1 and user_id = $2 and in_inbox order by id',
    [org.orgId, user.userId],
  );
  // Only Stripe's: the org's own start (org.created, member.joined) notifies people too.
  return rows.map((row) => row.type).filter((type) => /^(billing|invoice|subscription)\./.test(type));
}

function cardExpiringIn(monthsAhead: number) {
  const now = new Date();
  const month = now.getUTCMonth() + monthsAhead; // 0-based, may pass December
  return { exp_month: (month % 12) + 1, exp_year: now.getUTCFullYear() + Math.floor(month / 12) };
}

describe('billing alerts from Stripe events', () => {
  let org: TestOrg;
  let billing: TestUser;
  let viewer: TestUser;
  let customerId: string;

  beforeEach(async () => {
    org = await createTestOrg('stripe-alerts');
    billing = await addTestMember(org, 'stripe-billing', 'billing');
    viewer = await addTestMember(org, 'stripe-viewer', 'viewer');
    customerId = await linkCustomer(org.orgId);
  });

  it('raises "payment failed" once per invoice, with an activity event and a notification for billing readers', async () => {
    const invoiceId = `in_${token()}`;
    const retryAt = nowSeconds() + 3 * 86_400;
    const failed = invoiceObject(invoiceId, customerId, { attemptCount: 1, nextAttempt: retryAt });
    const t = nowSeconds() - 300;
    await deliver(stripeEvent('invoice.payment_failed', failed, { created: t }));
    // Stripe's retry fails again: a new event, the same invoice — no second alert.
    await deliver(stripeEvent('invoice.payment_failed', { ...failed, attempt_count: 2 }, { created: t + 60 }));

    const mirror = await mirrorOf(org.orgId);
    expect(mirror.alerts).toEqual([expect.objectContaining({ kind: 'payment_failed', key: invoiceId })]);
    expect(mirror.invoices).toEqual([
      expect.objectContaining({
        id: invoiceId,
        status: 'open',
        payment_error: expect.stringMatching(/^Payment attempt 2 failed; Stripe tries again on \d{4}-\d{2}-\d{2}\.$/),
      }),
    ]);
    const failures = (await activityOf(org.orgId)).filter((event) => event.type === 'billing.payment_failed');
    expect(failures).toEqual([
      {
        type: 'billing.payment_failed',
        data: expect.objectContaining({
          invoiceId,
          number: failed.number,
          amountDue: 5831,
          currency: 'eur',
          attemptCount: 1,
        }),
      },
    ]);
    expect(isWebhookEventType('billing.payment_failed')).toBe(true);

    expect(await notificationsOf(org, billing)).toEqual(['billing.payment_failed']);
    expect(await notificationsOf(org, org.owner)).toEqual(['billing.payment_failed']);
    expect(await notificationsOf(org, viewer)).toEqual([]);

    // The feed tells billing readers, with the sentence people read, and hides it from a Viewer.
    const feedOf = async (user: TestUser, categories?: 'billing'[]) =>
      (await (await callerFor(user)).activity.list({ orgSlug: org.slug, categories })).items;
    expect(await feedOf(billing, ['billing'])).toEqual([
      expect.objectContaining({ type: 'billing.payment_failed', actor: null }),
    ]);
    expect((await feedOf(viewer)).map((event) => event.type)).not.toContain('billing.payment_failed');

    // Paid at last: the error is cleared and the payment is news.
    await deliver(stripeEvent('invoice.paid', { ...failed, status: 'paid', amount_paid: 5831 }, { created: t + 120 }));
    expect((await mirrorOf(org.orgId)).invoices).toEqual([
      expect.objectContaining({ status: 'paid', payment_error: null }),
    ]);
    expect(await notificationsOf(org, billing)).toEqual(['billing.payment_failed', 'invoice.paid']);
  });

  it('announces a card expiring this or next month once per expiry month, and not a card with years left', async () => {
    const soon = { brand: 'visa', last4: '4242', ...cardExpiringIn(1) };
    const method = (card: object) => ({
      id: `pm_${token()}`,
      object: 'payment_method',
      type: 'card',
      customer: customerId,
      card,
    });
    await deliver(stripeEvent('payment_method.attached', method(soon)));
    await deliver(stripeEvent('payment_method.updated', method(soon)));
    await deliver(
      stripeEvent('customer.source.expiring', { id: `card_${token()}`, object: 'card', customer: customerId, ...soon }),
    );
    await deliver(
      stripeEvent(
        'payment_method.attached',
        method({ brand: 'mastercard', last4: '4444', exp_month: 1, exp_year: new Date().getUTCFullYear() + 4 }),
      ),
    );

    const mirror = await mirrorOf(org.orgId);
    const key = `${soon.exp_year}-${String(soon.exp_month).padStart(2, '0')}`;
    expect(mirror.alerts).toEqual([expect.objectContaining({ kind: 'card_expiring', key })]);
    expect(mirror.account).toMatchObject({ card_brand: 'mastercard', card_last4: '4444' });
    const expiring = (await activityOf(org.orgId)).filter((event) => event.type === 'billing.card_expiring');
    expect(expiring).toEqual([
      {
        type: 'billing.card_expiring',
        data: { brand: 'visa', last4: '4242', expMonth: soon.exp_month, expYear: soon.exp_year },
      },
    ]);
    expect(await notificationsOf(org, billing)).toEqual(['billing.card_expiring']);
  });

  it('reads the card on file from the customer’s expanded default payment method', async () => {
    const card = { brand: 'amex', last4: '0005', ...cardExpiringIn(0) };
    const customer = customerObject(customerId, org.orgId, {
      invoice_settings: {
        default_payment_method: { id: 'pm_x', object: 'payment_method', type: 'card', customer: customerId, card },
      },
    });
    await deliver(stripeEvent('customer.updated', customer));
    const mirror = await mirrorOf(org.orgId);
    expect(mirror.account).toMatchObject({ card_brand: 'amex', card_last4: '0005', card_exp_month: card.exp_month });
    expect(mirror.alerts).toEqual([expect.objectContaining({ kind: 'card_expiring' })]);
  });

  it('records a subscription change as activity, and stays quiet about history', async () => {
    const subscriptionId = `sub_${token()}`;
    await deliver(
      stripeEvent('customer.subscription.created', subscriptionObject(subscriptionId, customerId), {
        created: nowSeconds() - 60,
      }),
    );
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject(subscriptionId, customerId, { price: env.STRIPE_PRICE_BUSINESS }),
        {
          created: nowSeconds() - 30,
        },
      ),
    );
    const changes = (await activityOf(org.orgId)).filter((event) => event.type === 'subscription.changed');
    expect(changes.map((event) => [event.data.previousPlan, event.data.plan])).toEqual([
      [null, 'team'],
      ['team', 'business'],
    ]);

    const before = (await activityOf(org.orgId)).length;
    const lastYear = nowSeconds() - 300 * 86_400;
    const oldInvoice = invoiceObject(`in_${token()}`, customerId, { attemptCount: 1 });
    await deliver(stripeEvent('invoice.payment_failed', oldInvoice, { created: lastYear }));
    await deliver(stripeEvent('invoice.paid', { ...oldInvoice, status: 'paid' }, { created: lastYear + 60 }));
    expect((await mirrorOf(org.orgId)).invoices).toEqual([
      expect.objectContaining({ id: oldInvoice.id, status: 'paid' }),
    ]);
    expect((await mirrorOf(org.orgId)).alerts).toEqual([]);
    expect((await activityOf(org.orgId)).length).toBe(before);
  });
});
