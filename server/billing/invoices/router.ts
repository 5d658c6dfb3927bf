/**
 * The invoices procedures: wiring only — input/output schemas, the declared permission, a service
 * call. invoices:read may hang on the invoice (its amount, status or currency): the list applies
 * the condition in its query and `get` checks it on the invoice it loaded (./readScope.ts).
 * Read-only: invoices are written by the Stripe event mirror, never by a member.
 */
import { router } from '../../trpc/init';
import { orgProcedure } from '../../trpc/procedures';
import { ZInvoiceDetail, ZInvoicePage, ZInvoiceRef, ZListInvoicesInput } from '../../shared/invoiceSchemas';
import { getInvoice, listInvoices } from './queries';
import { assertInvoiceReadable, readableInvoicesWhere } from './readScope';

const readInvoices = orgProcedure.meta({ permission: 'invoices:read', checksResource: true });

export const invoicesRouter = router({
  list: readInvoices
    .input(ZListInvoicesInput)
    .output(ZInvoicePage)
    .query(({ ctx, input }) => listInvoices(ctx.db, ctx.org.id, input, readableInvoicesWhere(ctx.access))),

  get: readInvoices
    .input(ZInvoiceRef)
    .output(ZInvoiceDetail)
    .query(async ({ ctx, input }) => {
      const invoice = await getInvoice(ctx.db, ctx.org.id, input.invoiceId);
      assertInvoiceReadable(ctx.access, invoice);
      return invoice;
    }),
});
