/**
 * Stripe events into the org's billing account (one row per org): the customer (customer.created,
 * customer.updated, customer.deleted; checkout.session.completed links the customer Checkout made
 * to the org named by its client_reference_id), its email, and the card on file — from the
 * customer's `invoice_settings.default_payment_method` when Stripe sent it expanded, or from the
 * card of a payment_method.attached / payment_method.updated / customer.source.expiring event (the
 * card last attached is the one Checkout and the Billing Portal make the default).
 *
 * Each write keeps `stripe_event_at`: an event older than the row's changes nothing (stale).
 */
import { sql } from 'drizzle-orm';
import { billingAccounts } from '../../../db/schema/billingAccounts';
import type { ApplyContext, ApplyOutcome } from './applyContext';
import { alertIfCardExpiring } from './cardExpiry';
import {
  customerIdOf,
  type StripeCard,
  type ZCheckoutSession,
  type ZCustomer,
  type ZPaymentMethod,
  type ZSourceCard,
} from './eventSchemas';
import type { z } from 'zod';

type AccountChange = Partial<
  Pick<
    typeof billingAccounts.$inferInsert,
    'stripeCustomerId' | 'email' | 'cardBrand' | 'cardLast4' | 'cardExpMonth' | 'cardExpYear'
  >
>;

const cardColumns = (card: StripeCard | null): AccountChange => ({
  cardBrand: card?.brand ?? null,
  cardLast4: card?.last4 ?? null,
  cardExpMonth: card?.exp_month ?? null,
  cardExpYear: card?.exp_year ?? null,
});

/** Upserts the org's account unless it already holds a newer event; 'stale' when it did. */
async function writeAccount(ctx: ApplyContext, change: AccountChange): Promise<ApplyOutcome> {
  const rows = await ctx.tx
    .insert(billingAccounts)
    .values({ orgId: ctx.orgId, ...change, stripeEventAt: ctx.event.created })
    .onConflictDoUpdate({
      target: billingAccounts.orgId,
      set: { ...change, stripeEventAt: ctx.event.created, updatedAt: sql`now()` },
      setWhere: sql`excluded.stripe_event_at >= ${billingAccounts.stripeEventAt}`,
    })
    .returning({ orgId: billingAccounts.orgId });
  return rows.length > 0 ? 'applied' : 'stale';
}

export async function applyCustomer(ctx: ApplyContext, customer: z.infer<typeof ZCustomer>): Promise<ApplyOutcome> {
  if (ctx.event.type === 'customer.deleted' || customer.deleted) {
    return writeAccount(ctx, { stripeCustomerId: null, email: null, ...cardColumns(null) });
  }
  const change: AccountChange = { stripeCustomerId: customer.id, email: customer.email ?? null };
  const defaultMethod = customer.invoice_settings?.default_payment_method;
  const card = typeof defaultMethod === 'object' && defaultMethod ? (defaultMethod.card ?? null) : undefined;
  // Only an expanded default payment method says which card is on file; an id alone changes nothing.
  if (card !== undefined) Object.assign(change, cardColumns(card));
  const outcome = await writeAccount(ctx, change);
  if (outcome === 'applied' && card) await alertIfCardExpiring(ctx, card);
  return outcome;
}

export async function applyCheckoutCompleted(
  ctx: ApplyContext,
  session: z.infer<typeof ZCheckoutSession>,
): Promise<ApplyOutcome> {
  const customerId = customerIdOf(session.customer);
  if (!customerId) return 'unknown_customer';
  const email = session.customer_details?.email;
  return writeAccount(ctx, { stripeCustomerId: customerId, ...(email ? { email } : {}) });
}

export async function applyPaymentMethod(
  ctx: ApplyContext,
  method: z.infer<typeof ZPaymentMethod>,
): Promise<ApplyOutcome> {
  const customerId = customerIdOf(method.customer);
  if (!customerId) return 'unknown_customer';
  // Not a card (a bank debit, say): no card on file to mirror or to expire.
  if (!method.card) return 'applied';
  const outcome = await writeAccount(ctx, { stripeCustomerId: customerId, ...cardColumns(method.card) });
  if (outcome === 'applied') await alertIfCardExpiring(ctx, method.card);
  return outcome;
}

/** customer.source.expiring: Stripe announces the card's expiry; the alert is raised whatever the row holds. */
export async function applySourceExpiring(
  ctx: ApplyContext,
  source: z.infer<typeof ZSourceCard>,
): Promise<ApplyOutcome> {
  const customerId = customerIdOf(source.customer);
  const outcome = customerId
    ? await writeAccount(ctx, { stripeCustomerId: customerId, ...cardColumns(source) })
    : 'unknown_customer';
  await alertIfCardExpiring(ctx, source, true);
  return outcome;
}
