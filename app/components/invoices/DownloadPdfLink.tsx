/**
 * The "Download PDF" link: a plain anchor to the download route, so the browser saves the file
 * (no client-side navigation). `label` names the invoice for screen readers in a list of many.
 */
import { invoicePdfHref } from './invoiceDisplay';

export function DownloadPdfLink({
  orgSlug,
  invoiceId,
  label,
  variant = 'light',
}: {
  orgSlug: string;
  invoiceId: string;
  label?: string;
  variant?: 'light' | 'primary';
}) {
  const className =
    variant === 'primary'
      ? 'inline-block rounded-tremor-default bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2'
      : 'inline-block rounded-tremor-default border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';
  return (
    <a href={invoicePdfHref(orgSlug, invoiceId)} download className={className} aria-label={label}>
      Download PDF
    </a>
  );
}
