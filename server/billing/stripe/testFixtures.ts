/**
 * Stripe events for tests, in the API version's shapes (customer, subscription, invoice, card),
 * signed with the SDK's own helper (./signEvent.ts) and delivered to receiveStripeWebhook or over
 * HTTP; plus superuser reads of the mirror and of stripe_events. Ids are random per call so tests
 * sharing a worker database never meet each other's events. Only imported by tests.
 */
import { randomBytes } from 'node:crypto';
import { adminQuery } from '../../../test/db';
import { env } from '../../env';
import { receiveStripeWebhook, type StripeWebhookAnswer } from './receiveWebhook';
import { signStripeEvent } from './signEvent';

export const token = (length = 14) => randomBytes(length).toString('hex').slice(0, length);
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export type TestEvent = {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
};

export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; created?: number } = {},
): TestEvent {
  return {
    id: options.id ?? `evt_${token(20)}`,
    object: 'event',
    type,
    created: options.created ?? nowSeconds(),
    data: { object },
  };
}

export function customerObject(customerId: string, orgId: string | null, extra: Record<string, unknown> = {}) {
  return {
    id: customerId,
    object: 'customer',
    email: 'billing@example.test',
    metadata: orgId ? { orgId } : {},
    invoice_settings: { default_payment_method: 'pm_notExpanded' },
    ...extra,
  };
}

export function subscriptionObject(
  subscriptionId: string,
  customerId: string,
  options: { price?: string; status?: string; quantity?: number; metadata?: Record<string, string> } = {},
) {
  const start = nowSeconds() - 86_400;
  return {
    id: subscriptionId,
    object: 'subscription',
    customer: customerId,
    status: options.status ?? 'active',
    cancel_at_period_end: false,
    canceled_at: null,
    metadata: options.metadata ?? {},
    items: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: `si_${token()}`,
          object: 'subscription_item',
          price: { id: options.price ?? env.STRIPE_PRICE_TEAM, object: 'price' },
          quantity: options.quantity ?? 1,
          current_period_start: start,
          current_period_end: start + 30 * 86_400,
        },
      ],
    },
  };
}

export function invoiceObject(
  invoiceId: string,
  customerId: string,
  options: {
    status?: string;
    amount?: number;
    attemptCount?: number;
    nextAttempt?: number | null;
    subscription?: string;
  } = {},
) {
  const amount = options.amount ?? 4_900;
  const tax = Math.round(amount * 0.19);
  const created = nowSeconds() - 3_600;
  const status = options.status ?? 'open';
  return {
    id: invoiceId,
    object: 'invoice',
    customer: customerId,
    number: `T-${invoiceId.slice(3, 11).toUpperCase()}`,
    status,
    currency: 'eur',
    subtotal: amount,
    total_taxes: [{ amount: tax }],
    total: amount + tax,
    amount_due: amount + tax,
    amount_paid: status === 'paid' ? amount + tax : 0,
    attempt_count: options.attemptCount ?? 0,
    next_payment_attempt: options.nextAttempt ?? null,
    created,
    period_start: created,
    period_end: created + 30 * 86_400,
    due_date: null,
    status_transitions: { finalized_at: created, paid_at: status === 'paid' ? created + 60 : null },
    customer_name: 'Test Customer GmbH',
    customer_email: 'billing@example.test',
    customer_address: {
      line1: 'Hauptstraße 1',
      line2: null,
      city: 'Köln',
      postal_code: '50667',
      state: null,
      country: 'DE',
    },
    customer_tax_ids: [{ type: 'eu_vat', value: 'DE811111111' }],
    hosted_invoice_url: `https://invoice.stripe.com/i/${invoiceId}`,
    invoice_pdf: `https://pay.stripe.com/invoice/${invoiceId}/pdf`,
    metadata: {},
    parent: options.subscription
      ? { type: 'subscription_details', subscription_details: { subscription: options.subscription, metadata: {} } }
      : null,
    lines: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: `il_${token()}`,
          object: 'line_item',
          amount,
          currency: 'eur',
          description: 'Team plan',
          quantity: 1,
          period: { start: created, end: created + 30 * 86_400 },
          pricing: { type: 'price_details', unit_amount_decimal: String(amount) },
        },
      ],
    },
  };
}

/** Signs the event with the endpoint's secret (or `secret`) and hands it to receiveStripeWebhook. */
export async function deliver(
  event: TestEvent,
  options: { secret?: string; timestamp?: number } = {},
): Promise<StripeWebhookAnswer> {
  const { rawBody, signature } = signStripeEvent(event, options);
  return receiveStripeWebhook(rawBody, signature);
}

/** What became of a delivered event: its outcome, or `refused: <code>`. */
export async function outcomeOf(event: TestEvent): Promise<string> {
  const answer = await deliver(event);
  return 'error' in answer.body ? `refused: ${answer.body.error.code}` : answer.body.outcome;
}

/** A customer linked to the org through a signed customer.created naming it; returns the customer id. */
export async function linkCustomer(orgId: string): Promise<string> {
  const customerId = `cus_${token()}`;
  const answer = await deliver(
    stripeEvent('customer.created', customerObject(customerId, orgId), { created: nowSeconds() - 3_600 }),
  );
  if (answer.status !== 200) throw new Error(`linking a test customer failed: ${JSON.stringify(answer.body)}`);
  return customerId;
}

export async function recordedEvent(id: string): Promise<{ type: string; outcome: string } | null> {
  const [row] = await adminQuery<{ type: string; outcome: string }>(
    'select type, outcome from stripe_events where id = $1',
    [id],
  );
  return row ?? null;
}

/** Everything the mirror holds for an org, as the superuser reads it (for "nothing changed"). */
export async function mirrorOf(orgId: string) {
  const [row] = await adminQuery<Record<string, unknown>>(
    `select (select row_to_json(b) from billing_accounts b where b.org_id = $1) as account,
            (select coalesce(json_agg(s order by s.id), '[]') from subscriptions s where s.org_id = $1) as subscriptions,
            (select coalesce(json_agg(i order by i.id), '[]') from invoices i where i.org_id = $1) as invoices,
            (select coalesce(json_agg(l order by l.invoice_id, l.position), '[]') from invoice_lines l where l.org_id = $1) as lines,
            (select coalesce(json_agg(a order by a.kind, a.key), '[]') from billing_alerts a where a.org_id = $1) as alerts,
            (select count(*)::int from outbox o where o.org_id = $1 and o.topic = 'activity') as activity`,
    [orgId],
  );
  return row!;
}

export async function activityOf(orgId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return adminQuery(`select type, data from outbox where org_id = $1 and topic = 'activity' order by id`, [orgId]);
}
