/**
 * The invoice PDF download for app/routes/o.$slug.invoices.$invoiceId_.pdf.tsx: the invoice is read
 * through invoices.get (invoices:read, with its conditions) under the member's session, then
 * rendered by the portal (server/billing/invoices/pdf.ts) — so the file shows exactly what the
 * invoice page shows. An unknown invoice, one of another org or one the member's conditions hide
 * answers 404; the other refusals are those of every org download (login redirect, 403, 404).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { throwOrgResourceError } from '~/components/shell/orgRouteErrors.server';
import { renderInvoicePdf } from '../../../server/billing/invoices/pdf';
import { invoiceFileName } from '../../../server/billing/invoices/pdfText';
import { INVOICE_ID_PATTERN } from '../../../server/shared/invoiceSchemas';

function notFound(headers: Headers): Response {
  headers.set('Content-Type', 'text/plain; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response('Not found', { status: 404, headers });
}

export async function invoicePdfResponse({ params, request, context }: LoaderFunctionArgs): Promise<Response> {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const invoiceId = params.invoiceId ?? '';
  if (!INVOICE_ID_PATTERN.test(invoiceId)) {
    // Still asks who is calling, so a signed-out visitor is sent to sign in rather than told "not found".
    await caller.invoices
      .list({ orgSlug, limit: 1 })
      .catch((error: unknown) => throwOrgResourceError(error, request, headers));
    throw notFound(headers);
  }
  const invoice = await caller.invoices
    .get({ orgSlug, invoiceId })
    .catch((error: unknown) => throwOrgResourceError(error, request, headers));
  const body = await renderInvoicePdf(invoice);
  headers.set('Content-Type', 'application/pdf');
  headers.set('Content-Disposition', `attachment; filename="${invoiceFileName(invoice)}"`);
  headers.set('Content-Length', String(body.length));
  headers.set('Cache-Control', 'private, no-store');
  return new Response(new Uint8Array(body), { status: 200, headers });
}
