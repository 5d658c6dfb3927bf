/**
 * The invoices procedures' input and output schemas (server/billing/invoices/), shared with the
 * pages that show them. Amounts are integers in the currency's smallest unit, as Stripe sends them;
 * moments are ISO 8601 strings in UTC. The customer block is the invoice's own snapshot, not the
 * org's current profile.
 */
import { z } from 'zod';
import { zText } from './safeText';

/** Stripe's invoice statuses (db/schema/invoices.ts holds the same list for the column). */
export const INVOICE_STATUS_VALUES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export const ZInvoiceStatus = z.enum(INVOICE_STATUS_VALUES);
export type InvoiceStatusValue = z.infer<typeof ZInvoiceStatus>;

export const INVOICE_PAGE_MAX = 100;
export const INVOICE_PAGE_DEFAULT = 25;

/** Stripe's invoice id, as the table's check constraint allows it. */
export const INVOICE_ID_PATTERN = /^in_[A-Za-z0-9]{1,250}$/;
export const ZInvoiceId = zText().regex(INVOICE_ID_PATTERN, 'Not an invoice id');

export const ZListInvoicesInput = z.object({
  status: ZInvoiceStatus.optional().describe('Only invoices in this status'),
  cursor: zText().max(200).optional().describe('The previous page’s nextCursor'),
  limit: z.number().int().min(1).max(INVOICE_PAGE_MAX).default(INVOICE_PAGE_DEFAULT).describe('Invoices per page'),
});
export type ListInvoicesInput = z.infer<typeof ZListInvoicesInput>;

export const ZInvoiceRef = z.object({ invoiceId: ZInvoiceId });

const ZMoment = z.string().describe('ISO 8601, UTC');

export const ZInvoiceSummary = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: ZInvoiceStatus,
  /** ISO 4217, lower case. */
  currency: z.string(),
  total: z.number().int(),
  amountDue: z.number().int(),
  amountPaid: z.number().int(),
  periodStart: ZMoment.nullable(),
  periodEnd: ZMoment.nullable(),
  issuedAt: ZMoment,
  dueAt: ZMoment.nullable(),
  paidAt: ZMoment.nullable(),
  /** Why the last payment attempt failed; null once paid or when none failed. */
  paymentError: z.string().nullable(),
});
export type InvoiceSummary = z.infer<typeof ZInvoiceSummary>;

export const ZInvoicePage = z.object({ items: z.array(ZInvoiceSummary), nextCursor: z.string().nullable() });
export type InvoicePage = z.infer<typeof ZInvoicePage>;

export const ZInvoiceAddress = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().optional(),
  country: z.string(),
});
export type InvoiceAddress = z.infer<typeof ZInvoiceAddress>;

export const ZInvoiceLine = z.object({
  id: z.string(),
  description: z.string(),
  quantity: z.number().int().nullable(),
  unitAmount: z.number().int().nullable(),
  amount: z.number().int(),
  periodStart: ZMoment.nullable(),
  periodEnd: ZMoment.nullable(),
});
export type InvoiceLine = z.infer<typeof ZInvoiceLine>;

export const ZInvoiceDetail = ZInvoiceSummary.extend({
  subtotal: z.number().int(),
  tax: z.number().int(),
  customer: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    address: ZInvoiceAddress.nullable(),
    taxId: z.string().nullable(),
  }),
  /** Stripe's hosted invoice page, when Stripe made one. */
  hostedInvoiceUrl: z.string().nullable(),
  /** Stripe's own PDF, when Stripe made one. */
  stripePdfUrl: z.string().nullable(),
  lines: z.array(ZInvoiceLine),
});
export type InvoiceDetail = z.infer<typeof ZInvoiceDetail>;
