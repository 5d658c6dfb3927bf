/**
 * One invoice as its page shows it: who billed whom (the customer as Stripe's snapshot has it),
 * the line items and the totals. The header, banner and links are the route's.
 */
import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/tremor';
import type { InvoiceDetail } from '../../../server/shared/invoiceSchemas';
import { formatMoney } from '../../../server/shared/money';
import { formatPeriod } from './invoiceDisplay';

function BillTo({ customer }: { customer: InvoiceDetail['customer'] }) {
  const { address } = customer;
  const lines = [
    customer.name,
    customer.email,
    address?.line1,
    address?.line2,
    address ? [address.postalCode, address.city].filter(Boolean).join(' ') : null,
    address?.region,
    address?.country,
    customer.taxId ? `Tax ID: ${customer.taxId}` : null,
  ].filter((line): line is string => Boolean(line));
  return (
    <Card className="space-y-1" data-testid="bill-to">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-gray-600">Bill to</h2>
      {lines.length === 0 ? (
        <p className="text-sm text-gray-700">No customer details on this invoice.</p>
      ) : (
        <address className="text-sm not-italic text-gray-900">
          {lines.map((line, index) => (
            <span key={index} className="block break-words">
              {line}
            </span>
          ))}
        </address>
      )}
    </Card>
  );
}

function LineItems({ invoice }: { invoice: InvoiceDetail }) {
  const money = (amount: number | null) => (amount === null ? '—' : formatMoney(amount, invoice.currency));
  if (invoice.lines.length === 0) return <p className="text-sm text-gray-700">This invoice has no line items.</p>;
  return (
    // The scrolling wrapper is ours, so a keyboard can reach it and scroll a wide table on a phone.
    <div
      role="region"
      aria-label="Line items"
      tabIndex={0}
      className="overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <Table data-testid="invoice-lines" className="overflow-visible">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell className="text-right">Quantity</TableHeaderCell>
            <TableHeaderCell className="text-right">Unit price</TableHeaderCell>
            <TableHeaderCell className="text-right">Amount</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {invoice.lines.map((line) => (
            <TableRow key={line.id}>
              <TableCell className="min-w-48 whitespace-normal break-words">
                {line.description}
                {line.periodStart || line.periodEnd ? (
                  <span className="block text-xs text-gray-600">{formatPeriod(line.periodStart, line.periodEnd)}</span>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {line.quantity === null ? '—' : line.quantity.toLocaleString('en-US')}
              </TableCell>
              <TableCell className="text-right tabular-nums">{money(line.unitAmount)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(line.amount)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Totals({ invoice }: { invoice: InvoiceDetail }) {
  const rows: [string, number, boolean][] = [
    ['Subtotal', invoice.subtotal, false],
    ['Tax', invoice.tax, false],
    ['Total', invoice.total, true],
    ['Amount paid', invoice.amountPaid, false],
    ['Amount due', invoice.amountDue, true],
  ];
  return (
    <dl className="ml-auto grid max-w-xs grid-cols-2 gap-x-6 gap-y-1 text-sm" data-testid="invoice-totals">
      {rows.map(([label, amount, isStrong]) => (
        <div key={label} className="contents">
          <dt className={isStrong ? 'font-semibold text-gray-900' : 'text-gray-600'}>{label}</dt>
          <dd className={`text-right tabular-nums ${isStrong ? 'font-semibold text-gray-900' : 'text-gray-900'}`}>
            {formatMoney(amount, invoice.currency)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function InvoiceDetailView({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <div className="space-y-6">
      <BillTo customer={invoice.customer} />
      <section aria-labelledby="invoice-lines-heading" className="space-y-3">
        <h2 id="invoice-lines-heading" className="text-lg font-semibold text-gray-900">
          Line items
        </h2>
        <LineItems invoice={invoice} />
        <Totals invoice={invoice} />
      </section>
    </div>
  );
}
