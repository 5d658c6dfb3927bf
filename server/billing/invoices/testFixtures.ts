/**
 * Test fixtures for invoices: invoices and their line items inserted through withTenant, shaped
 * the way the Stripe event mirror stores them (ids `in_…`/`il_…`, amounts in the smallest unit,
 * the customer snapshot). Only imported by tests.
 */
import { randomBytes } from 'node:crypto';
import { invoiceLines, invoices } from '../../../db/schema';
import type { BillingAddress } from '../../../db/schema/organizations';
import type { InvoiceStatus } from '../../../db/schema/invoices';
import { withTenant } from '../../tenancy/withTenant';

const SYSTEM = { type: 'system', name: 'invoice-tests' } as const;

export type TestInvoiceLine = {
  description: string;
  quantity?: number | null;
  unitAmount?: number | null;
  amount: number;
};

export type TestInvoiceInput = {
  number?: string | null;
  status?: InvoiceStatus;
  currency?: string;
  issuedAt?: Date;
  dueAt?: Date | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  tax?: number;
  amountPaid?: number;
  paymentError?: string | null;
  customerName?: string | null;
  customerEmail?: string | null;
  customerAddress?: BillingAddress | null;
  customerTaxId?: string | null;
  hostedInvoiceUrl?: string | null;
  stripePdfUrl?: string | null;
  lines?: TestInvoiceLine[];
};

export type TestInvoice = { id: string; number: string | null; total: number; lines: TestInvoiceLine[] };

function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

const DEFAULT_LINES: TestInvoiceLine[] = [
  { description: 'Team plan × 1', quantity: 1, unitAmount: 4900, amount: 4900 },
];

/** One invoice with its lines; totals are the lines' sum plus tax, so the figures add up. */
export async function insertTestInvoice(orgId: string, input: TestInvoiceInput = {}): Promise<TestInvoice> {
  const id = stripeId('in');
  const lines = input.lines ?? DEFAULT_LINES;
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const tax = input.tax ?? 0;
  const total = subtotal + tax;
  const status = input.status ?? 'paid';
  const amountPaid = input.amountPaid ?? (status === 'paid' ? total : 0);
  const issuedAt = input.issuedAt ?? new Date();
  const number = input.number === undefined ? `INV-${randomBytes(3).toString('hex').toUpperCase()}` : input.number;
  await withTenant(orgId, SYSTEM, async (tx) => {
    await tx.insert(invoices).values({
      orgId,
      id,
      number,
      status,
      currency: input.currency ?? 'eur',
      subtotal,
      tax,
      total,
      amountDue: total - amountPaid,
      amountPaid,
      periodStart: input.periodStart === undefined ? new Date(issuedAt.getTime() - 30 * 86_400_000) : input.periodStart,
      periodEnd: input.periodEnd === undefined ? issuedAt : input.periodEnd,
      issuedAt,
      dueAt: input.dueAt === undefined ? new Date(issuedAt.getTime() + 14 * 86_400_000) : input.dueAt,
      paidAt: status === 'paid' ? issuedAt : null,
      paymentError: input.paymentError ?? null,
      customerName: input.customerName === undefined ? 'Customer GmbH' : input.customerName,
      customerEmail: input.customerEmail === undefined ? 'billing@customer.example' : input.customerEmail,
      customerAddress:
        input.customerAddress === undefined
          ? { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' }
          : input.customerAddress,
      customerTaxId: input.customerTaxId === undefined ? 'DE123456789' : input.customerTaxId,
      hostedInvoiceUrl: input.hostedInvoiceUrl ?? null,
      stripePdfUrl: input.stripePdfUrl ?? null,
    });
    if (lines.length > 0) {
      await tx.insert(invoiceLines).values(
        lines.map((line, position) => ({
          orgId,
          invoiceId: id,
          id: stripeId('il'),
          position,
          description: line.description,
          quantity: line.quantity === undefined ? 1 : line.quantity,
          unitAmount: line.unitAmount === undefined ? line.amount : line.unitAmount,
          amount: line.amount,
          periodStart: input.periodStart ?? null,
          periodEnd: input.periodEnd ?? null,
        })),
      );
    }
  });
  return { id, number, total, lines };
}
