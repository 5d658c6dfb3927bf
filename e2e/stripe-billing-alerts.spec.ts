/**
 * "Stripe could not charge us": the billing contact has Activity open on Billing when Stripe
 * posts a signed invoice.payment_failed to /webhooks/stripe; the alert appears live with the
 * invoice and the amount, while a Viewer's feed never shows it and offers no Billing filter. A
 * forged post is refused and shows nothing. The demo's customer (cus_acmeDemo) is seeded by
 * `demo:seed` through the same endpoint code; each run uses a fresh invoice.
 */
import Stripe from 'stripe';
import { expect, test } from './support/test';
import { activityItems, liveBadge } from './support/dashboard';
import { E2E_STRIPE_WEBHOOK_SECRET } from './support/env';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

function paymentFailedEvent(invoiceNumber: string) {
  const now = Math.floor(Date.now() / 1000);
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    id: `evt_e2e${id}`,
    object: 'event',
    type: 'invoice.payment_failed',
    created: now,
    data: {
      object: {
        id: `in_e2e${id}`,
        object: 'invoice',
        customer: 'cus_acmeDemo',
        number: invoiceNumber,
        status: 'open',
        currency: 'eur',
        subtotal: 19900,
        total_taxes: [{ amount: 3781 }],
        total: 23681,
        amount_due: 23681,
        amount_paid: 0,
        attempt_count: 1,
        next_payment_attempt: now + 3 * 86_400,
        created: now - 60,
        period_start: now - 60,
        period_end: now + 30 * 86_400,
        due_date: null,
        status_transitions: { finalized_at: now - 60, paid_at: null },
        customer_name: 'Acme Corp',
        customer_email: 'billing@acme.test',
        customer_address: null,
        customer_tax_ids: [],
        metadata: {},
        parent: null,
        lines: {
          object: 'list',
          has_more: false,
          data: [
            {
              id: `il_e2e${id}`,
              object: 'line_item',
              amount: 19900,
              currency: 'eur',
              description: 'Business plan',
              quantity: 1,
              period: { start: now - 60, end: now + 30 * 86_400 },
              pricing: { unit_amount_decimal: '19900' },
            },
          ],
        },
      },
    },
  };
}

test('the billing contact sees a failed payment Stripe reports arrive live; a viewer never does', async ({
  browser,
  request,
}) => {
  const billingContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  try {
    await Promise.all([logInByApi(billingContext, DEMO.billing), logInByApi(viewerContext, DEMO.viewer)]);
    const billing = await billingContext.newPage();
    await openPage(billing, `/o/${DEMO_ORG.slug}/activity?categories=billing`);
    await expect(billing.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
    await expect(liveBadge(billing)).toBeVisible();

    const invoiceNumber = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const rawBody = JSON.stringify(paymentFailedEvent(invoiceNumber));

    // Signed with someone else's secret: refused, and nothing shows.
    const forged = await request.post('/webhooks/stripe', {
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: 'whsec_notOurs' }),
      },
      data: rawBody,
    });
    expect(forged.status()).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_INVALID');

    const signed = await request.post('/webhooks/stripe', {
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: rawBody,
          secret: E2E_STRIPE_WEBHOOK_SECRET,
        }),
      },
      data: rawBody,
    });
    expect(signed.status()).toBe(200);
    expect(await signed.json()).toEqual({ received: true, outcome: 'applied' });

    const sentence = `The payment of invoice ${invoiceNumber} (€236.81) failed`;
    await expect(activityItems(billing).filter({ hasText: sentence })).toHaveCount(1, { timeout: 5_000 });

    const viewer = await viewerContext.newPage();
    await openPage(viewer, `/o/${DEMO_ORG.slug}/activity`);
    await expect(viewer.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
    await expect(activityItems(viewer).first()).toBeVisible();
    await expect(
      viewer.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'Billing' }),
    ).toHaveCount(0);
    await expect(activityItems(viewer).filter({ hasText: invoiceNumber })).toHaveCount(0);
  } finally {
    await Promise.all([billingContext.close(), viewerContext.close()]);
  }
});
