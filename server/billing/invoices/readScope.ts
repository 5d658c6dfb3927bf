/**
 * Which invoices a reader may see when invoices:read is granted under a condition on the invoice
 * (`resource.amount < 100000`, `resource.status == "paid"`). The list narrows its query with the
 * condition translated to SQL (server/authz/queryFilter.ts) — never by loading every invoice and
 * filtering in memory — and a single invoice is checked with the same condition. An invoice the
 * reader may not see is "not found", exactly like one of another organization.
 *
 * An invoice's attributes: `id`, `number`, `amount` (the total, in the currency's smallest unit),
 * `status` and `currency` (ISO 4217, lower case).
 */
import { sql, type SQL } from 'drizzle-orm';
import { invoices } from '../../../db/schema';
import type { AccessSubject, ResourceAttributes } from '../../authz/can';
import { decide } from '../../authz/can';
import { conditionFilter } from '../../authz/queryFilter';
import { AppError } from '../../errors';
import type { InvoiceSummary } from '../../shared/invoiceSchemas';

const INVOICE_RESOURCE_COLUMNS = {
  id: invoices.id,
  number: invoices.number,
  amount: invoices.total,
  status: invoices.status,
  currency: invoices.currency,
};

/** The extra WHERE for the list: undefined when every invoice is readable. */
export function readableInvoicesWhere(access: AccessSubject): SQL | undefined {
  const filter = conditionFilter(access, 'invoices:read', INVOICE_RESOURCE_COLUMNS);
  if (filter.kind === 'all') return undefined;
  if (filter.kind === 'none') return sql`false`;
  return filter.where;
}

export function invoiceResource(
  invoice: Pick<InvoiceSummary, 'id' | 'number' | 'total' | 'status' | 'currency'>,
): ResourceAttributes {
  return {
    id: invoice.id,
    ...(invoice.number !== null ? { number: invoice.number } : {}),
    amount: invoice.total,
    status: invoice.status,
    currency: invoice.currency,
  };
}

export function assertInvoiceReadable(access: AccessSubject, invoice: Parameters<typeof invoiceResource>[0]): void {
  if (!decide(access, 'invoices:read', invoiceResource(invoice)).allowed) throw new AppError('INVOICE_NOT_FOUND');
}
