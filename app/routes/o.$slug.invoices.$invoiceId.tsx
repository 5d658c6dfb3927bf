/**
 * One invoice (invoices:read, with its conditions): number, status and dates, who was billed, the
 * line items and totals, the portal's PDF, Stripe's hosted page when Stripe made one, and a banner
 * when the last payment attempt failed. An unknown invoice, one of another org, or one the
 * member's conditions hide is the same 404.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams } from '@remix-run/react';
import { DownloadPdfLink } from '~/components/invoices/DownloadPdfLink';
import { formatDay, formatPeriod } from '~/components/invoices/invoiceDisplay';
import { InvoiceDetailView } from '~/components/invoices/InvoiceDetailView';
import { InvoiceStatusBadge } from '~/components/invoices/InvoiceStatusBadge';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Callout } from '~/components/ui/tremor';
import { INVOICE_ID_PATTERN } from '../../server/shared/invoiceSchemas';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded?.invoice.number ? `Invoice ${loaded.invoice.number} · Atrium` : 'Invoice · Atrium' },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const invoiceId = params.invoiceId ?? '';
  if (!INVOICE_ID_PATTERN.test(invoiceId)) {
    // Membership and permission first, so a stranger and a typo get the same answers as elsewhere.
    await caller.invoices
      .list({ orgSlug, limit: 1 })
      .catch((error: unknown) => throwOrgRouteError(error, request, headers));
    throw data('Not found', { status: 404, headers });
  }
  const invoice = await caller.invoices
    .get({ orgSlug, invoiceId })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ invoice }, { headers });
}

export default function Invoice() {
  const { invoice } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const facts: [string, string][] = [
    ['Issued', formatDay(invoice.issuedAt)],
    ['Due', formatDay(invoice.dueAt)],
    ['Period', formatPeriod(invoice.periodStart, invoice.periodEnd)],
    ...(invoice.paidAt ? ([['Paid', formatDay(invoice.paidAt)]] as [string, string][]) : []),
  ];
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link to={`/o/${slug}/invoices`} className="text-sm text-blue-700 hover:underline">
          ← Invoices
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="flex flex-wrap items-center gap-3 text-tremor-title font-semibold text-tremor-content-strong">
              <span className="break-all">Invoice {invoice.number ?? '(draft)'}</span>
              <InvoiceStatusBadge status={invoice.status} />
            </h1>
            <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="flex gap-1">
                  <dt className="text-gray-600">{label}:</dt>
                  <dd className="text-gray-900">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="flex flex-wrap gap-2">
            <DownloadPdfLink orgSlug={slug} invoiceId={invoice.id} variant="primary" />
            {invoice.hostedInvoiceUrl ? (
              <a
                href={invoice.hostedInvoiceUrl}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-block rounded-tremor-default border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
              >
                View on Stripe<span className="sr-only"> (opens in a new tab)</span>
              </a>
            ) : null}
          </div>
        </div>
      </div>
      {invoice.paymentError ? (
        <Callout title="Payment failed" color="red" role="alert" data-testid="payment-failed">
          The last attempt to collect this invoice failed: {invoice.paymentError}
          {invoice.hostedInvoiceUrl ? ' You can pay it on Stripe’s invoice page.' : ''}
        </Callout>
      ) : null}
      <InvoiceDetailView invoice={invoice} />
    </div>
  );
}
