/**
 * The org's invoices and their line items, mirrored from signed Stripe events (server/billing/).
 * Amounts are integers in the currency's smallest unit, as Stripe sends them. The customer's name,
 * address and tax id are Stripe's snapshot at finalization (what the invoice says), not the org's
 * current profile. `stripe_event_at` orders out-of-order events (see billingAccounts.ts); the lines
 * are replaced with the invoice. RLS is in the billing migration.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BillingAddress } from './organizations';
import { organizations } from './organizations';

/** Stripe's invoice statuses. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const invoices = pgTable(
  'invoices',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Stripe's id, `in_…`. */
    id: text('id').notNull(),
    /** Stripe's invoice number (null while a draft). */
    number: text('number'),
    status: text('status', { enum: INVOICE_STATUSES }).notNull(),
    /** ISO 4217, lower case as Stripe sends it. */
    currency: text('currency').notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
    tax: bigint('tax', { mode: 'number' }).notNull().default(0),
    total: bigint('total', { mode: 'number' }).notNull(),
    amountDue: bigint('amount_due', { mode: 'number' }).notNull(),
    amountPaid: bigint('amount_paid', { mode: 'number' }).notNull().default(0),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** Why the last payment attempt failed (invoice.payment_failed); null once paid or never failed. */
    paymentError: text('payment_error'),
    subscriptionId: text('subscription_id'),
    customerName: text('customer_name'),
    customerEmail: text('customer_email'),
    customerAddress: jsonb('customer_address').$type<BillingAddress | null>(),
    customerTaxId: text('customer_tax_id'),
    /** Stripe's hosted invoice page and PDF, when Stripe made them. */
    hostedInvoiceUrl: text('hosted_invoice_url'),
    stripePdfUrl: text('stripe_pdf_url'),
    stripeEventAt: integer('stripe_event_at').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // The list: newest first, with the id as the cursor's tie-break.
    index('invoices_issued_idx').on(t.orgId, t.issuedAt, t.id),
    check('invoices_id', sql`${t.id} ~ '^in_[A-Za-z0-9]{1,250}$'`),
    check('invoices_currency', sql`${t.currency} ~ '^[a-z]{3}$'`),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    orgId: uuid('org_id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    /** Stripe's line id (`il_…`). */
    id: text('id').notNull(),
    /** The line's place on the invoice, from 0. */
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantity: bigint('quantity', { mode: 'number' }),
    unitAmount: bigint('unit_amount', { mode: 'number' }),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invoiceId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.invoiceId],
      foreignColumns: [invoices.orgId, invoices.id],
      name: 'invoice_lines_invoice_fk',
    }).onDelete('cascade'),
  ],
);
