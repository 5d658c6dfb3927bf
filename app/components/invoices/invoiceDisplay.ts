/**
 * How the invoice pages write an invoice's facts: days in UTC ("1 Dec 2026", written by hand so
 * the server's rendering and the browser's agree for hydration), a billing period, a status as a
 * word and a colour (never colour alone), and the PDF download address.
 */
import type { BadgeColor } from '~/components/Badge';
import type { InvoiceStatusValue } from '../../../server/shared/invoiceSchemas';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function formatDay(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function formatPeriod(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${formatDay(start)} – ${formatDay(end)}`;
}

export const INVOICE_STATUS_DISPLAY: Record<InvoiceStatusValue, { label: string; color: BadgeColor }> = {
  draft: { label: 'Draft', color: 'gray' },
  open: { label: 'Open', color: 'blue' },
  paid: { label: 'Paid', color: 'emerald' },
  void: { label: 'Void', color: 'gray' },
  uncollectible: { label: 'Uncollectible', color: 'red' },
};

export function invoicePdfHref(orgSlug: string, invoiceId: string): string {
  return `/o/${orgSlug}/invoices/${invoiceId}/pdf`;
}

/** The list's search string for a page: no cursor is the newest page. */
export function invoiceListSearch(cursor: string | null): string {
  return cursor ? `?${new URLSearchParams({ cursor }).toString()}` : '';
}
