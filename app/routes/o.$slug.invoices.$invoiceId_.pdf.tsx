/**
 * An invoice as a PDF download (`/o/:slug/invoices/:invoiceId/pdf`), rendered by the portal from
 * invoices.get under the member's session (app/components/invoices/invoicePdf.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { invoicePdfResponse } from '~/components/invoices/invoicePdf.server';
import { refuseMethod } from '~/components/shell/refuseMethod.server';

export function loader(args: LoaderFunctionArgs) {
  return invoicePdfResponse(args);
}

export function action(args: ActionFunctionArgs) {
  return refuseMethod(args, ['GET']);
}
