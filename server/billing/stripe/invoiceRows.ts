/**
 * A Stripe invoice as the rows of `invoices` and `invoice_lines`: integer amounts as Stripe sends
 * them, tax as the sum of `total_taxes`, the subscription from `parent.subscription_details`
 * (API 2025-03 and later), the customer's name, email, address and tax id as Stripe snapshotted
 * them on the invoice, and one line per Stripe line item in its order. Pure: no database.
 */
import type { BillingAddress } from '../../../db/schema/organizations';
import type { invoiceLines, invoices } from '../../../db/schema/invoices';
import { dateOf } from './applyContext';
import type { StripeAddress, StripeInvoice, StripeInvoiceLine } from './eventSchemas';

export type InvoiceRow = Omit<typeof invoices.$inferInsert, 'orgId' | 'createdAt' | 'updatedAt'>;
export type InvoiceLineRow = Omit<typeof invoiceLines.$inferInsert, 'orgId' | 'invoiceId'>;

/** Stripe's address as a billing address, or null when it lacks a street, city, postcode or country. */
export function billingAddressOf(address: StripeAddress | null): BillingAddress | null {
  if (!address?.line1 || !address.city || !address.postal_code || !address.country) return null;
  return {
    line1: address.line1,
    ...(address.line2 ? { line2: address.line2 } : {}),
    city: address.city,
    postalCode: address.postal_code,
    ...(address.state ? { region: address.state } : {}),
    country: address.country.toUpperCase(),
  };
}

/** A unit price Stripe sends as a decimal string ("19900" or "0.5"): kept when it is a whole number. */
function unitAmountOf(line: StripeInvoiceLine): number | null {
  const value = line.pricing?.unit_amount_decimal;
  if (value === null || value === undefined) return null;
  const amount = Number(value);
  return Number.isSafeInteger(amount) ? amount : null;
}

function subscriptionIdOf(invoice: StripeInvoice): string | null {
  const ref = invoice.parent?.subscription_details?.subscription;
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

export function invoiceRowOf(invoice: StripeInvoice, eventCreated: number, paymentError: string | null): InvoiceRow {
  const paidAt = invoice.status === 'paid' ? (invoice.status_transitions.paid_at ?? eventCreated) : null;
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    tax: (invoice.total_taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0),
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    periodStart: dateOf(invoice.period_start),
    periodEnd: dateOf(invoice.period_end),
    issuedAt: dateOf(invoice.status_transitions.finalized_at ?? invoice.created)!,
    dueAt: dateOf(invoice.due_date),
    paidAt: dateOf(paidAt),
    paymentError,
    subscriptionId: subscriptionIdOf(invoice),
    customerName: invoice.customer_name,
    customerEmail: invoice.customer_email,
    customerAddress: billingAddressOf(invoice.customer_address),
    customerTaxId: invoice.customer_tax_ids?.find((taxId) => taxId.value)?.value ?? null,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    stripePdfUrl: invoice.invoice_pdf ?? null,
    stripeEventAt: eventCreated,
  };
}

export function invoiceLineRowsOf(invoice: StripeInvoice): InvoiceLineRow[] {
  return invoice.lines.data.map((line, position) => ({
    id: line.id,
    position,
    description: line.description ?? '',
    quantity: line.quantity,
    unitAmount: unitAmountOf(line),
    amount: line.amount,
    periodStart: dateOf(line.period.start),
    periodEnd: dateOf(line.period.end),
  }));
}

/** What the invoice says about a failed attempt: Stripe keeps the card's own reason on the payment, not the invoice. */
export function paymentErrorOf(invoice: StripeInvoice): string {
  const attempt = invoice.attempt_count > 0 ? `Payment attempt ${invoice.attempt_count} failed` : 'The payment failed';
  const next = dateOf(invoice.next_payment_attempt);
  return next
    ? `${attempt}; Stripe tries again on ${next.toISOString().slice(0, 10)}.`
    : `${attempt}; Stripe will not retry it automatically.`;
}
