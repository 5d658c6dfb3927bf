/**
 * The parts of Stripe's event objects (API version 2026-11-18, `stripe` v23) that the billing
 * mirror reads, as zod schemas: a signed event is still input, and a body that verifies but does
 * not have these shapes is refused (400) before anything is written. Unknown fields are dropped;
 * only what ./apply*.ts reads is described here.
 */
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../../db/schema/invoices';
import { SUBSCRIPTION_STATUSES } from '../../../db/schema/subscriptions';

const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,250}$`));

export const ZCustomerId = stripeId('cus');
const ZEpochSeconds = z.number().int().nonnegative();
const ZAmount = z.number().int();
const ZMetadata = z.record(z.string()).nullish();

/** A reference Stripe sends either as an id or as the expanded object. */
const ZCustomerRef = z.union([ZCustomerId, z.object({ id: ZCustomerId }).passthrough()]);

/** The customer id a reference names. */
export function customerIdOf(ref: z.infer<typeof ZCustomerRef> | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

export const ZEventEnvelope = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9]{1,250}$/),
  object: z.literal('event'),
  type: z.string().min(1).max(100),
  created: ZEpochSeconds.max(2 ** 31 - 1),
  data: z.object({ object: z.record(z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof ZEventEnvelope>;

export const ZCard = z.object({
  brand: z.string().min(1).max(40),
  last4: z.string().regex(/^\d{4}$/),
  exp_month: z.number().int().min(1).max(12),
  exp_year: z.number().int().min(2000).max(2200),
});
export type StripeCard = z.infer<typeof ZCard>;

export const ZPaymentMethod = z.object({
  id: z.string().min(1).max(255),
  type: z.string().max(60),
  customer: ZCustomerRef.nullish(),
  card: ZCard.nullish(),
});

/** A legacy card source (customer.source.expiring). */
export const ZSourceCard = ZCard.extend({
  id: z.string().min(1).max(255),
  object: z.literal('card'),
  customer: ZCustomerRef.nullish(),
});

export const ZCustomer = z.object({
  id: ZCustomerId,
  email: z.string().max(512).nullish(),
  metadata: ZMetadata,
  deleted: z.boolean().optional(),
  invoice_settings: z.object({ default_payment_method: z.union([z.string(), ZPaymentMethod]).nullish() }).nullish(),
});

export const ZCheckoutSession = z.object({
  id: z.string().min(1).max(255),
  client_reference_id: z.string().max(200).nullish(),
  customer: ZCustomerRef.nullish(),
  customer_details: z.object({ email: z.string().max(512).nullish() }).nullish(),
  metadata: ZMetadata,
});

const ZSubscriptionItem = z.object({
  price: z.object({ id: z.string().min(1).max(255) }),
  quantity: z.number().int().min(0).optional(),
  current_period_start: ZEpochSeconds,
  current_period_end: ZEpochSeconds,
});

export const ZSubscription = z.object({
  id: stripeId('sub'),
  customer: ZCustomerRef,
  status: z.enum(SUBSCRIPTION_STATUSES),
  cancel_at_period_end: z.boolean(),
  canceled_at: ZEpochSeconds.nullable(),
  metadata: ZMetadata,
  items: z.object({ data: z.array(ZSubscriptionItem).min(1).max(20) }),
});
export type StripeSubscription = z.infer<typeof ZSubscription>;

const ZAddress = z.object({
  line1: z.string().max(200).nullish(),
  line2: z.string().max(200).nullish(),
  city: z.string().max(200).nullish(),
  postal_code: z.string().max(40).nullish(),
  state: z.string().max(200).nullish(),
  country: z.string().max(2).nullish(),
});
export type StripeAddress = z.infer<typeof ZAddress>;

const ZInvoiceLine = z.object({
  id: z.string().min(1).max(255),
  amount: ZAmount,
  description: z.string().max(2000).nullable(),
  quantity: z.number().int().nullable(),
  period: z.object({ start: ZEpochSeconds, end: ZEpochSeconds }),
  pricing: z.object({ unit_amount_decimal: z.union([z.string().max(40), z.number()]).nullish() }).nullish(),
});
export type StripeInvoiceLine = z.infer<typeof ZInvoiceLine>;

export const ZInvoice = z.object({
  id: stripeId('in'),
  customer: ZCustomerRef,
  number: z.string().max(100).nullable(),
  status: z.enum(INVOICE_STATUSES),
  currency: z.string().regex(/^[a-z]{3}$/),
  subtotal: ZAmount,
  total: ZAmount,
  amount_due: ZAmount,
  amount_paid: ZAmount,
  total_taxes: z.array(z.object({ amount: ZAmount })).nullish(),
  created: ZEpochSeconds,
  period_start: ZEpochSeconds,
  period_end: ZEpochSeconds,
  due_date: ZEpochSeconds.nullable(),
  attempt_count: z.number().int().nonnegative().default(0),
  next_payment_attempt: ZEpochSeconds.nullable().default(null),
  status_transitions: z.object({ finalized_at: ZEpochSeconds.nullable(), paid_at: ZEpochSeconds.nullable() }),
  customer_name: z.string().max(500).nullable(),
  customer_email: z.string().max(512).nullable(),
  customer_address: ZAddress.nullable(),
  customer_tax_ids: z.array(z.object({ type: z.string().max(40), value: z.string().max(100).nullable() })).nullish(),
  hosted_invoice_url: z.string().url().max(2000).nullish(),
  invoice_pdf: z.string().url().max(2000).nullish(),
  metadata: ZMetadata,
  parent: z
    .object({
      subscription_details: z
        .object({
          subscription: z.union([z.string(), z.object({ id: z.string() }).passthrough()]),
          metadata: ZMetadata,
        })
        .nullish(),
    })
    .nullish(),
  lines: z.object({ data: z.array(ZInvoiceLine).max(1000), has_more: z.boolean() }),
});
export type StripeInvoice = z.infer<typeof ZInvoice>;
