/**
 * Seeds Acme's twelve months of billing history (./billingHistoryEvents.ts) the way Stripe would
 * deliver it: each event signed with the webhook secret and passed to receiveStripeWebhook — the
 * code behind POST /webhooks/stripe — so the demo's billing account, subscription, invoices and
 * lines are what the mirror makes of real events. Idempotent by event id: running it again in the
 * same month changes nothing; a later month adds that month's renewal and invoice.
 */
import { env } from '../env';
import { receiveStripeWebhook } from '../billing/stripe/receiveWebhook';
import { signStripeEvent } from '../billing/stripe/signEvent';
import { getProfile } from '../orgs/service';
import { withTenant } from '../tenancy/withTenant';
import { demoBillingHistoryEvents } from './billingHistoryEvents';

const DEMO_SEED = { type: 'system', name: 'demo-seed' } as const;

export type BillingHistoryResult = { events: number; applied: number };

export async function seedBillingHistory(
  orgId: string,
  billingEmail: string,
  now = new Date(),
): Promise<BillingHistoryResult> {
  const profile = await withTenant(orgId, DEMO_SEED, (tx) => getProfile(tx, orgId));
  const events = demoBillingHistoryEvents(
    {
      orgId,
      name: profile.name,
      email: billingEmail,
      billingAddress: profile.billingAddress,
      taxId: profile.taxId,
      businessPriceId: env.STRIPE_PRICE_BUSINESS,
    },
    now,
  );
  let applied = 0;
  for (const event of events) {
    const { rawBody, signature } = signStripeEvent(event);
    const answer = await receiveStripeWebhook(rawBody, signature);
    if (answer.status !== 200) throw new Error(`demo billing event ${event.id} was refused (${answer.status})`);
    if (answer.body.outcome === 'applied') applied++;
  }
  return { events: events.length, applied };
}
