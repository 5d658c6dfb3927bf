/**
 * invoice.created / finalized / updated / paid / payment_failed / voided / marked_uncollectible
 * into `invoices`, with its lines replaced (./invoiceRows.ts); invoice.deleted (only a draft can
 * be deleted) removes it with its lines. An event older than the row's
 * `stripe_event_at` changes nothing. payment_failed records why on the invoice and raises the
 * "payment failed" alert once per invoice; the payment error is cleared by any later state that is
 * not a failure (paid, voided). An invoice that became paid records `invoice.paid`. Alerts and
 * activity only for recent events (./applyContext.ts).
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { invoiceLines, invoices } from '../../../db/schema/invoices';
import { logger } from '../../logger';
import type { ApplyContext, ApplyOutcome } from './applyContext';
import { claimBillingAlert, recordBillingActivity } from './billingActivity';
import type { StripeInvoice } from './eventSchemas';
import { invoiceLineRowsOf, invoiceRowOf, paymentErrorOf } from './invoiceRows';

/** A deleted draft leaves the mirror, unless a newer event about it was applied (then it is stale). */
async function deleteInvoice(ctx: ApplyContext, invoiceId: string): Promise<ApplyOutcome> {
  const { tx, orgId } = ctx;
  const newer = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId), gt(invoices.stripeEventAt, ctx.event.created)));
  if (newer.length > 0) return 'stale';
  // Its lines go with it (invoice_lines_invoice_fk cascades).
  await tx.delete(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoiceId)));
  return 'applied';
}

export async function applyInvoice(ctx: ApplyContext, invoice: StripeInvoice): Promise<ApplyOutcome> {
  const { tx, orgId } = ctx;
  if (ctx.event.type === 'invoice.deleted') return deleteInvoice(ctx, invoice.id);
  const [before] = await tx
    .select({ status: invoices.status, paymentError: invoices.paymentError, stripeEventAt: invoices.stripeEventAt })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, invoice.id)))
    .for('update');
  if (before && before.stripeEventAt > ctx.event.created) return 'stale';

  const isFailure = ctx.event.type === 'invoice.payment_failed';
  // invoice.updated and invoice.finalized say nothing about payments: an open invoice keeps its error.
  const keepsError = invoice.status === 'open' && !isFailure;
  const paymentError = isFailure ? paymentErrorOf(invoice) : keepsError ? (before?.paymentError ?? null) : null;
  const row = invoiceRowOf(invoice, ctx.event.created, paymentError);
  const { id: _id, ...changes } = row;
  const written = await tx
    .insert(invoices)
    .values({ orgId, ...row })
    .onConflictDoUpdate({
      target: [invoices.orgId, invoices.id],
      set: { ...changes, updatedAt: sql`now()` },
      setWhere: sql`excluded.stripe_event_at >= ${invoices.stripeEventAt}`,
    })
    .returning({ id: invoices.id });
  if (written.length === 0) return 'stale';

  await tx.delete(invoiceLines).where(and(eq(invoiceLines.orgId, orgId), eq(invoiceLines.invoiceId, invoice.id)));
  const lines = invoiceLineRowsOf(invoice);
  if (lines.length > 0)
    await tx.insert(invoiceLines).values(lines.map((line) => ({ ...line, orgId, invoiceId: invoice.id })));
  if (invoice.lines.has_more)
    logger.warn({ orgId, invoiceId: invoice.id, mirrored: lines.length }, 'Stripe sent only the first invoice lines');

  if (ctx.isRecent) await announceInvoice(ctx, invoice, before?.status ?? null, row.paymentError ?? null);
  return 'applied';
}

async function announceInvoice(
  ctx: ApplyContext,
  invoice: StripeInvoice,
  previousStatus: string | null,
  paymentError: string | null,
): Promise<void> {
  const about = { invoiceId: invoice.id, number: invoice.number, currency: invoice.currency };
  if (invoice.status === 'paid' && previousStatus !== 'paid') {
    await recordBillingActivity(ctx.tx, ctx.orgId, 'invoice.paid', { ...about, amountPaid: invoice.amount_paid });
  }
  if (
    ctx.event.type === 'invoice.payment_failed' &&
    (await claimBillingAlert(ctx.tx, ctx.orgId, 'payment_failed', invoice.id))
  ) {
    await recordBillingActivity(ctx.tx, ctx.orgId, 'billing.payment_failed', {
      ...about,
      amountDue: invoice.amount_due,
      attemptCount: invoice.attempt_count,
      nextAttemptAt: invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000).toISOString() : null,
      reason: paymentError,
    });
  }
}
