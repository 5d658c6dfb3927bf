/**
 * The org's invoices, newest first: number, period, amount, status, due date and the PDF. A table
 * from tablet width up; on a phone each invoice is a card, so nothing scrolls sideways. Paged by
 * cursor through the URL (plain links, so it works without JavaScript).
 */
import { Link } from '@remix-run/react';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/tremor';
import type { InvoiceSummary } from '../../../server/shared/invoiceSchemas';
import { formatMoney } from '../../../server/shared/money';
import { DownloadPdfLink } from './DownloadPdfLink';
import { formatDay, formatPeriod, invoiceListSearch } from './invoiceDisplay';
import { InvoiceStatusBadge } from './InvoiceStatusBadge';

const PAGE_LINK_CLASS =
  'rounded-tremor-default border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';
const NUMBER_LINK_CLASS =
  'font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';

function invoiceName(invoice: InvoiceSummary): string {
  return invoice.number ?? 'Draft invoice';
}

function InvoiceTable({ invoices, orgSlug }: { invoices: InvoiceSummary[]; orgSlug: string }) {
  return (
    <Table className="hidden md:block" data-testid="invoice-table">
      <TableHead>
        <TableRow>
          <TableHeaderCell>Number</TableHeaderCell>
          <TableHeaderCell>Period</TableHeaderCell>
          <TableHeaderCell className="text-right">Amount</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Due</TableHeaderCell>
          <TableHeaderCell>
            <span className="sr-only">Download</span>
          </TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {invoices.map((invoice) => (
          <TableRow key={invoice.id} data-testid="invoice-row">
            <TableCell>
              <Link to={`/o/${orgSlug}/invoices/${invoice.id}`} className={NUMBER_LINK_CLASS}>
                {invoiceName(invoice)}
              </Link>
            </TableCell>
            <TableCell>{formatPeriod(invoice.periodStart, invoice.periodEnd)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMoney(invoice.total, invoice.currency)}</TableCell>
            <TableCell>
              <InvoiceStatusBadge status={invoice.status} />
            </TableCell>
            <TableCell>{formatDay(invoice.dueAt)}</TableCell>
            <TableCell>
              <DownloadPdfLink
                orgSlug={orgSlug}
                invoiceId={invoice.id}
                label={`Download PDF of invoice ${invoiceName(invoice)}`}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function InvoiceCards({ invoices, orgSlug }: { invoices: InvoiceSummary[]; orgSlug: string }) {
  return (
    <ul className="space-y-3 md:hidden" data-testid="invoice-cards">
      {invoices.map((invoice) => (
        <li key={invoice.id} className="rounded-tremor-default border border-gray-200 bg-white p-4 shadow-sm">
          <div className="flex items-start justify-between gap-3">
            <Link to={`/o/${orgSlug}/invoices/${invoice.id}`} className={`${NUMBER_LINK_CLASS} break-all`}>
              {invoiceName(invoice)}
            </Link>
            <InvoiceStatusBadge status={invoice.status} />
          </div>
          <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
            <dt className="text-gray-600">Amount</dt>
            <dd className="text-right font-medium tabular-nums text-gray-900">
              {formatMoney(invoice.total, invoice.currency)}
            </dd>
            <dt className="text-gray-600">Period</dt>
            <dd className="text-right text-gray-900">{formatPeriod(invoice.periodStart, invoice.periodEnd)}</dd>
            <dt className="text-gray-600">Due</dt>
            <dd className="text-right text-gray-900">{formatDay(invoice.dueAt)}</dd>
          </dl>
          <div className="mt-3">
            <DownloadPdfLink
              orgSlug={orgSlug}
              invoiceId={invoice.id}
              label={`Download PDF of invoice ${invoiceName(invoice)}`}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function InvoiceList({
  invoices,
  orgSlug,
  cursor,
  nextCursor,
}: {
  invoices: InvoiceSummary[];
  orgSlug: string;
  cursor: string | null;
  nextCursor: string | null;
}) {
  return (
    <div className="space-y-3">
      <InvoiceTable invoices={invoices} orgSlug={orgSlug} />
      <InvoiceCards invoices={invoices} orgSlug={orgSlug} />
      {cursor || nextCursor ? (
        <nav aria-label="Invoice pages" className="flex flex-wrap gap-2">
          {cursor ? (
            <Link to={{ search: invoiceListSearch(null) }} className={PAGE_LINK_CLASS}>
              Newest invoices
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={{ search: invoiceListSearch(nextCursor) }} rel="next" className={PAGE_LINK_CLASS}>
              Older invoices
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
