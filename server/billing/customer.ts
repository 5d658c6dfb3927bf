/**
 * The org's Stripe customer, created the first time billing needs one (Checkout, the Billing
 * Portal) from the org's profile: name, billing address, tax ID, the acting billing contact's
 * email, and `metadata.orgId` so Stripe's events lead back to the org. Read in one short
 * transaction, call Stripe with none open, then write with an upsert that keeps a customer
 * already recorded (by a concurrent request or by a Stripe event) — the loser's customer is then
 * unused, and Stripe's idempotency key makes a retried create return the same customer.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { billingAccounts, organizations, type BillingAddress } from '../../db/schema';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { hasVatFormat } from '../shared/vat';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import { callStripe } from './stripeErrors';

export type BillingCaller = { orgId: string; principal: Principal; email: string; log: Logger };

type OrgProfile = { name: string; slug: string; billingAddress: BillingAddress | null; taxId: string | null };

async function readCustomer(caller: BillingCaller): Promise<{ customerId: string | null; org: OrgProfile }> {
  return withTenant(caller.orgId, caller.principal, async (tx) => {
    const [org] = await tx
      .select({
        name: organizations.name,
        slug: organizations.slug,
        billingAddress: organizations.billingAddress,
        taxId: organizations.taxId,
      })
      .from(organizations)
      .where(eq(organizations.id, caller.orgId));
    if (!org) throw new AppError('ORG_NOT_FOUND');
    const [account] = await tx
      .select({ customerId: billingAccounts.stripeCustomerId })
      .from(billingAccounts)
      .where(eq(billingAccounts.orgId, caller.orgId));
    return { customerId: account?.customerId ?? null, org };
  });
}

/** Stripe's tax ID type for a VAT number of this country, or null (then it rides in metadata). */
function taxIdType(country: string | undefined): Stripe.CustomerCreateParams.TaxIdDatum.Type | null {
  if (!country || !hasVatFormat(country)) return null;
  if (country === 'GB') return 'gb_vat';
  if (country === 'CH') return 'ch_vat';
  if (country === 'NO') return 'no_vat';
  return 'eu_vat';
}

export function customerParams(orgId: string, org: OrgProfile, email: string): Stripe.CustomerCreateParams {
  const address = org.billingAddress;
  const type = taxIdType(address?.country);
  return {
    name: org.name,
    email,
    metadata: { orgId, orgSlug: org.slug, ...(org.taxId && !type ? { taxId: org.taxId } : {}) },
    ...(address && {
      address: {
        line1: address.line1,
        line2: address.line2 ?? '',
        city: address.city,
        postal_code: address.postalCode,
        state: address.region ?? '',
        country: address.country,
      },
    }),
    ...(org.taxId && type && { tax_id_data: [{ type, value: org.taxId }] }),
  };
}

/** The org's Stripe customer id, creating the customer when it has none yet. */
export async function ensureStripeCustomer(stripe: Stripe, caller: BillingCaller): Promise<string> {
  const { customerId, org } = await readCustomer(caller);
  if (customerId) return customerId;
  const params = customerParams(caller.orgId, org, caller.email);
  const idempotencyKey = `atrium-customer-${caller.orgId}-${createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 32)}`;
  const customer = await callStripe(caller.log, 'customers.create', () =>
    stripe.customers.create(params, { idempotencyKey }),
  );
  return withTenant(caller.orgId, caller.principal, async (tx) => {
    const [row] = await tx
      .insert(billingAccounts)
      .values({ orgId: caller.orgId, stripeCustomerId: customer.id, email: caller.email })
      .onConflictDoUpdate({
        target: billingAccounts.orgId,
        set: {
          stripeCustomerId: sql`coalesce(${billingAccounts.stripeCustomerId}, excluded.stripe_customer_id)`,
          email: sql`coalesce(${billingAccounts.email}, excluded.email)`,
          updatedAt: new Date(),
        },
      })
      .returning({ customerId: billingAccounts.stripeCustomerId });
    return row?.customerId ?? customer.id;
  });
}
