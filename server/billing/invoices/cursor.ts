/**
 * The invoices list's keyset cursor: opaque to clients, it names the last row of a page by
 * (issued_at to the microsecond, id) — the order the (org_id, issued_at, id) index serves — so a
 * page deep in the history costs what the first one does, and an invoice arriving meanwhile never
 * shifts a page.
 */
import { z } from 'zod';
import { AppError } from '../../errors';
import { INVOICE_ID_PATTERN } from '../../shared/invoiceSchemas';

export type InvoiceCursor = { issuedAt: string; id: string };

const ZCursor = z.object({
  issuedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.string().regex(INVOICE_ID_PATTERN),
});

export function encodeInvoiceCursor(cursor: InvoiceCursor): string {
  return Buffer.from(JSON.stringify([cursor.issuedAt, cursor.id])).toString('base64url');
}

export function decodeInvoiceCursor(raw: string): InvoiceCursor {
  try {
    const [issuedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    return ZCursor.parse({ issuedAt, id });
  } catch {
    throw new AppError('INVALID_INPUT', 'Not a cursor; start again from the first page', { field: 'cursor' });
  }
}
