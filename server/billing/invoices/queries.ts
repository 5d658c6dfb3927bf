/**
 * Reading the org's invoices in the caller's tenant transaction: a page newest first (issued_at,
 * then id, keyset-paged) and one invoice with its line items in their order on the invoice. The
 * reader's grant conditions arrive as an extra WHERE (./readScope.ts); RLS keeps every other org
 * out regardless.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { invoiceLines, invoices } from '../../../db/schema';
import { AppError } from '../../errors';
import type {
  InvoiceAddress,
  InvoiceDetail,
  InvoicePage,
  InvoiceSummary,
  ListInvoicesInput,
} from '../../shared/invoiceSchemas';
import type { Tx } from '../../tenancy/withTenant';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './cursor';

/** `2026-12-04T12:00:00.000Z`, or null: timestamps as the procedures return them. */
function isoMs(column: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const SUMMARY_COLUMNS = {
  id: invoices.id,
  number: invoices.number,
  status: invoices.status,
  currency: invoices.currency,
  total: invoices.total,
  amountDue: invoices.amountDue,
  amountPaid: invoices.amountPaid,
  periodStart: isoMs(invoices.periodStart),
  periodEnd: isoMs(invoices.periodEnd),
  issuedAt: sql<string>`${isoMs(invoices.issuedAt)}`,
  dueAt: isoMs(invoices.dueAt),
  paidAt: isoMs(invoices.paidAt),
  paymentError: invoices.paymentError,
};

export async function listInvoices(
  tx: Tx,
  orgId: string,
  input: ListInvoicesInput,
  readableWhere: SQL | undefined,
): Promise<InvoicePage> {
  const after = input.cursor ? decodeInvoiceCursor(input.cursor) : null;
  const rows = await tx
    .select({
      ...SUMMARY_COLUMNS,
      cursorAt: sql<string>`to_char(${invoices.issuedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.orgId, orgId),
        input.status ? eq(invoices.status, input.status) : undefined,
        after ? sql`(${invoices.issuedAt}, ${invoices.id}) < (${after.issuedAt}::timestamptz, ${after.id})` : undefined,
        readableWhere,
      ),
    )
    .orderBy(desc(invoices.issuedAt), desc(invoices.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursorAt, ...summary }): InvoiceSummary => summary),
    nextCursor:
      rows.length > input.limit && last ? encodeInvoiceCursor({ issuedAt: last.cursorAt, id: last.id }) : null,
  };
}

function addressOf(value: unknown): InvoiceAddress | null {
  if (value === null || typeof value !== 'object') return null;
  const address = value as Record<string, unknown>;
  const text = (key: string) => (typeof address[key] === 'string' ? (address[key] as string) : undefined);
  return {
    line1: text('line1') ?? '',
    ...(text('line2') ? { line2: text('line2') } : {}),
    city: text('city') ?? '',
    postalCode: text('postalCode') ?? '',
    ...(text('region') ? { region: text('region') } : {}),
    country: text('country') ?? '',
  };
}

/** INVOICE_NOT_FOUND for an id of another org too: RLS hides it, and the message is the same. */
export async function getInvoice(tx: Tx, orgId: string, invoiceId: string): Promise<InvoiceDetail> {
  const [row] = await tx
    .select({
      ...SUMMARY_COLUMNS,
      subtotal: invoices.subtotal,
      tax: invoices.tax,
      customerName: invoices.customerName,
      customerEmail: invoices.customerEmail,
      customerAddress: invoices.customerAddress,
      customerTaxId: invoices.customerTaxId,
      hostedInvoiceUrl: invoices.hostedInvoiceUrl,
      stripePdfUrl: invoices.stripePdfUrl,
    })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId)));
  if (!row) throw new AppError('INVOICE_NOT_FOUND');
  const lines = await tx
    .select({
      id: invoiceLines.id,
      description: invoiceLines.description,
      quantity: invoiceLines.quantity,
      unitAmount: invoiceLines.unitAmount,
      amount: invoiceLines.amount,
      periodStart: isoMs(invoiceLines.periodStart),
      periodEnd: isoMs(invoiceLines.periodEnd),
    })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.orgId, orgId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position), asc(invoiceLines.id));
  const { customerName, customerEmail, customerAddress, customerTaxId, ...invoice } = row;
  return {
    ...invoice,
    customer: {
      name: customerName,
      email: customerEmail,
      address: addressOf(customerAddress),
      taxId: customerTaxId,
    },
    lines,
  };
}
