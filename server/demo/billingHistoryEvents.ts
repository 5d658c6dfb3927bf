/**
 * Acme's last twelve months with Stripe, as the Stripe events Stripe would have sent (API version
 * 2026-11-18 shapes): the customer (billing address and tax id from the org profile, a Visa card
 * on file), a Business subscription started on the first of the month eleven months ago, one paid
 * invoice per month — "Business plan" plus "API calls overage" when there was any, German VAT on
 * top — and the subscription's latest renewal. Pure: the month and the profile decide every id and
 * figure, so building it again in the same month gives the same events (ids are what make the
 * seed idempotent), and next month adds that month.
 */
import type { BillingAddress } from '../../db/schema/organizations';

export const DEMO_CUSTOMER_ID = 'cus_acmeDemo';
export const DEMO_SUBSCRIPTION_ID = 'sub_acmeDemoBusiness';
export const DEMO_HISTORY_MONTHS = 12;

/** Overage per month in thousands of calls above the plan's 2,000,000, oldest first (a demo's figures). */
const OVERAGE_THOUSANDS = [0, 0, 120, 85, 0, 240, 310, 0, 95, 410, 180, 260];
const OVERAGE_UNIT_CENTS = 50;
const BUSINESS_PRICE_CENTS = 19_900;
const VAT_PERCENT = 19;
const CURRENCY = 'eur';

export type DemoBillingProfile = {
  orgId: string;
  name: string;
  email: string;
  billingAddress: BillingAddress | null;
  taxId: string | null;
  businessPriceId: string;
};

export type DemoStripeEvent = {
  id: string;
  object: 'event';
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  data: { object: Record<string, unknown> };
};

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Midnight UTC on the first of the month `offset` months from `now`'s month. */
function monthStart(now: Date, offset: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

const yyyymm = (date: Date) => `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

function event(id: string, type: string, created: number, object: Record<string, unknown>): DemoStripeEvent {
  return { id, object: 'event', type, created, api_version: '2026-11-18', livemode: false, data: { object } };
}

function stripeAddress(address: BillingAddress | null) {
  if (!address) return null;
  return {
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postal_code: address.postalCode,
    state: address.region ?? null,
    country: address.country,
  };
}

function customer(profile: DemoBillingProfile, created: number) {
  return {
    id: DEMO_CUSTOMER_ID,
    object: 'customer',
    created,
    email: profile.email,
    name: profile.name,
    address: stripeAddress(profile.billingAddress),
    metadata: { orgId: profile.orgId },
    invoice_settings: {
      default_payment_method: {
        id: 'pm_acmeDemoVisa',
        object: 'payment_method',
        type: 'card',
        customer: DEMO_CUSTOMER_ID,
        card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: new Date(created * 1000).getUTCFullYear() + 3 },
      },
    },
  };
}

function subscription(profile: DemoBillingProfile, start: Date, periodStart: Date, periodEnd: Date) {
  return {
    id: DEMO_SUBSCRIPTION_ID,
    object: 'subscription',
    customer: DEMO_CUSTOMER_ID,
    status: 'active',
    created: seconds(start),
    start_date: seconds(start),
    cancel_at_period_end: false,
    canceled_at: null,
    currency: CURRENCY,
    metadata: { orgId: profile.orgId },
    items: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: 'si_acmeDemoBusiness',
          object: 'subscription_item',
          price: {
            id: profile.businessPriceId,
            object: 'price',
            currency: CURRENCY,
            unit_amount: BUSINESS_PRICE_CENTS,
          },
          quantity: 1,
          current_period_start: seconds(periodStart),
          current_period_end: seconds(periodEnd),
        },
      ],
    },
  };
}

function line(id: string, description: string, quantity: number, unitAmount: number, start: Date, end: Date) {
  return {
    id,
    object: 'line_item',
    amount: quantity * unitAmount,
    currency: CURRENCY,
    description,
    quantity,
    period: { start: seconds(start), end: seconds(end) },
    pricing: { type: 'price_details', unit_amount_decimal: String(unitAmount) },
  };
}

function paidInvoice(profile: DemoBillingProfile, month: number, start: Date, end: Date) {
  const key = yyyymm(start);
  const overage = OVERAGE_THOUSANDS[month] ?? 0;
  const lines = [line(`il_acme${key}plan`, 'Business plan', 1, BUSINESS_PRICE_CENTS, start, end)];
  if (overage > 0)
    lines.push(
      line(`il_acme${key}calls`, 'API calls overage (per 1,000 calls)', overage, OVERAGE_UNIT_CENTS, start, end),
    );
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const tax = Math.round((subtotal * VAT_PERCENT) / 100);
  const issued = seconds(start);
  const paid = issued + 300;
  return {
    id: `in_acme${key}`,
    object: 'invoice',
    customer: DEMO_CUSTOMER_ID,
    number: `ACME-${key}`,
    status: 'paid',
    currency: CURRENCY,
    subtotal,
    total_taxes: [{ amount: tax, tax_behavior: 'exclusive', taxability_reason: 'standard_rated' }],
    total: subtotal + tax,
    amount_due: subtotal + tax,
    amount_paid: subtotal + tax,
    amount_remaining: 0,
    attempt_count: 1,
    next_payment_attempt: null,
    created: issued,
    period_start: issued,
    period_end: seconds(end),
    due_date: null,
    status_transitions: { finalized_at: issued, paid_at: paid, marked_uncollectible_at: null, voided_at: null },
    customer_name: profile.name,
    customer_email: profile.email,
    customer_address: stripeAddress(profile.billingAddress),
    customer_tax_ids: profile.taxId ? [{ type: 'eu_vat', value: profile.taxId }] : [],
    hosted_invoice_url: null,
    invoice_pdf: null,
    metadata: {},
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: DEMO_SUBSCRIPTION_ID, metadata: { orgId: profile.orgId } },
    },
    lines: { object: 'list', has_more: false, data: lines },
  };
}

/** The events, oldest first, for the twelve months up to and including `now`'s month. */
export function demoBillingHistoryEvents(profile: DemoBillingProfile, now = new Date()): DemoStripeEvent[] {
  const first = monthStart(now, 1 - DEMO_HISTORY_MONTHS);
  const created = seconds(first) - 600;
  const events = [
    event('evt_acmeCustomerCreated', 'customer.created', created, customer(profile, created)),
    event(
      'evt_acmeSubscriptionCreated',
      'customer.subscription.created',
      seconds(first),
      subscription(profile, first, first, monthStart(now, 2 - DEMO_HISTORY_MONTHS)),
    ),
  ];
  for (let month = 0; month < DEMO_HISTORY_MONTHS; month++) {
    const start = monthStart(now, month + 1 - DEMO_HISTORY_MONTHS);
    const end = monthStart(now, month + 2 - DEMO_HISTORY_MONTHS);
    const invoice = paidInvoice(profile, month, start, end);
    // In the first minutes of a month this month's payment has only just happened: never in the future.
    const paidAt = Math.min(invoice.status_transitions.paid_at + 5, seconds(now));
    if (month > 0) {
      events.push(
        event(
          `evt_acmeSubscriptionRenewed${yyyymm(start)}`,
          'customer.subscription.updated',
          seconds(start),
          subscription(profile, first, start, end),
        ),
      );
    }
    events.push(event(`evt_acmeInvoicePaid${yyyymm(start)}`, 'invoice.paid', paidAt, invoice));
  }
  return events;
}
