/**
 * The Stripe event types the billing mirror applies, each with the schema of its object, the
 * customer it is about and the org it may name (`metadata.orgId`, a Checkout session's
 * client_reference_id, an invoice's subscription metadata) — the two things the pre-tenant org
 * lookup takes — and the step that applies it in the org's transaction. Any other type is
 * recorded as 'unhandled_type' and ignored.
 */
import type { z } from 'zod';
import type { ApplyContext, ApplyOutcome } from './applyContext';
import { applyCheckoutCompleted, applyCustomer, applyPaymentMethod, applySourceExpiring } from './applyBillingAccount';
import { applyInvoice } from './applyInvoice';
import { applySubscription } from './applySubscription';
import {
  customerIdOf,
  ZCheckoutSession,
  ZCustomer,
  ZInvoice,
  ZPaymentMethod,
  ZSourceCard,
  ZSubscription,
} from './eventSchemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type HandledEvent<T> = {
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  customerOf(object: T): string | null;
  orgHintOf(object: T): string | null | undefined;
  apply(ctx: ApplyContext, object: T): Promise<ApplyOutcome>;
};

function handled<T>(definition: HandledEvent<T>): HandledEvent<unknown> {
  return definition as HandledEvent<unknown>;
}

const customerEvent = handled({
  schema: ZCustomer,
  customerOf: (customer) => customer.id,
  orgHintOf: (customer) => customer.metadata?.orgId,
  apply: applyCustomer,
});

const subscriptionEvent = handled({
  schema: ZSubscription,
  customerOf: (subscription) => customerIdOf(subscription.customer),
  orgHintOf: (subscription) => subscription.metadata?.orgId,
  apply: applySubscription,
});

const invoiceEvent = handled({
  schema: ZInvoice,
  customerOf: (invoice) => customerIdOf(invoice.customer),
  orgHintOf: (invoice) => invoice.metadata?.orgId ?? invoice.parent?.subscription_details?.metadata?.orgId,
  apply: applyInvoice,
});

const paymentMethodEvent = handled({
  schema: ZPaymentMethod,
  customerOf: (method) => customerIdOf(method.customer),
  orgHintOf: () => null,
  apply: applyPaymentMethod,
});

export const HANDLED_EVENTS: Readonly<Record<string, HandledEvent<unknown>>> = {
  'customer.created': customerEvent,
  'customer.updated': customerEvent,
  'customer.deleted': customerEvent,
  'checkout.session.completed': handled({
    schema: ZCheckoutSession,
    customerOf: (session) => customerIdOf(session.customer),
    orgHintOf: (session) => session.client_reference_id ?? session.metadata?.orgId,
    apply: applyCheckoutCompleted,
  }),
  'customer.subscription.created': subscriptionEvent,
  'customer.subscription.updated': subscriptionEvent,
  'customer.subscription.deleted': subscriptionEvent,
  'invoice.created': invoiceEvent,
  'invoice.finalized': invoiceEvent,
  'invoice.updated': invoiceEvent,
  'invoice.paid': invoiceEvent,
  'invoice.payment_failed': invoiceEvent,
  'invoice.voided': invoiceEvent,
  'invoice.marked_uncollectible': invoiceEvent,
  'invoice.deleted': invoiceEvent,
  'payment_method.attached': paymentMethodEvent,
  'payment_method.updated': paymentMethodEvent,
  'customer.source.expiring': handled({
    schema: ZSourceCard,
    customerOf: (source) => customerIdOf(source.customer),
    orgHintOf: () => null,
    apply: applySourceExpiring,
  }),
};

export function handledEventOf(type: string): HandledEvent<unknown> | null {
  return Object.hasOwn(HANDLED_EVENTS, type) ? HANDLED_EVENTS[type]! : null;
}

/** A hint is only ever a UUID; anything else names no org. */
export function orgHint(value: string | null | undefined): string | null {
  return value && UUID.test(value) ? value.toLowerCase() : null;
}
