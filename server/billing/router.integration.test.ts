/**
 * The billing procedures against the Stripe stand-in over HTTP (test/stripeStandIn.ts): the
 * overview of an org on Free and on a live subscription; Checkout creating the customer once
 * (metadata.orgId, the org's address and VAT number, an idempotency key) and a subscription
 * session that names the org; the Billing Portal; Stripe failing answering as a plain "try again";
 * permissions (billing:read, billing:manage) and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../test/db';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { subscribeOrg } from './testFixtures';

const standIn = await vi.hoisted(async () => {
  const { startStripeStandIn } = await import('../../test/stripeStandIn');
  const stripe = await startStripeStandIn();
  process.env.STRIPE_SECRET_KEY = 'sk_test_billingrouter';
  process.env.STRIPE_API_URL = stripe.url;
  return stripe;
});

describe('billing procedures', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let billing: Person;
  let admin: Person;
  let viewer: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('billing');
    owner = org.ownerPerson;
    [billing, admin, viewer] = await Promise.all([
      personIn(org, 'billing-contact', 'billing'),
      personIn(org, 'billing-admin', 'admin'),
      personIn(org, 'billing-viewer', 'viewer'),
    ]);
    await owner.caller.orgs.updateProfile({
      orgSlug: org.slug,
      version: 1,
      name: 'Acme Billing GmbH',
      billingAddress: {
        line1: 'Hauptstraße 1',
        line2: '',
        city: 'Berlin',
        postalCode: '10115',
        region: '',
        country: 'DE',
      },
      taxId: 'DE123456789',
      allowedEmailDomains: [],
    });
  });
  afterAll(() => standIn.close());

  it('shows an org on Free with Stripe connected, no subscription and no card', async () => {
    const overview = await billing.caller.billing.overview({ orgSlug: org.slug });
    expect(overview).toMatchObject({
      plan: { key: 'free', name: 'Free' },
      seats: { used: 4, activeMembers: 4, openInvitations: 0, limit: 5 },
      subscription: null,
      card: null,
      hasStripeCustomer: false,
      isStripeConfigured: true,
    });
    expect(overview.catalogue.map((plan) => plan.key)).toEqual(['free', 'team', 'business', 'enterprise']);
  });

  it('starts Checkout for Team: creates the customer once from the org profile, and a session that names the org', async () => {
    const { url } = await billing.caller.billing.startCheckout({ orgSlug: org.slug, plan: 'team' });
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    const [customer] = standIn.to('/v1/customers');
    expect(customer?.params).toMatchObject({
      name: 'Acme Billing GmbH',
      'metadata[orgId]': org.orgId,
      'address[city]': 'Berlin',
      'address[country]': 'DE',
      'tax_id_data[0][type]': 'eu_vat',
      'tax_id_data[0][value]': 'DE123456789',
    });
    expect(customer?.params.email).toMatch(/@example\.test$/);
    expect(customer?.idempotencyKey).toMatch(new RegExp(`^atrium-customer-${org.orgId}-`));

    const [session] = standIn.to('/v1/checkout/sessions');
    expect(session?.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: org.orgId,
      'line_items[0][price]': 'price_atrium_team',
      'subscription_data[metadata][orgId]': org.orgId,
      success_url: expect.stringMatching(new RegExp(`/o/${org.slug}/billing\\?checkout=success$`)),
      cancel_url: expect.stringMatching(new RegExp(`/o/${org.slug}/billing\\?checkout=canceled$`)),
    });
    expect(session?.idempotencyKey).toMatch(/^atrium-checkout-/);
    const [account] = await adminQuery<{ stripe_customer_id: string }>(
      'select stripe_customer_id from billing_accounts where org_id = $1',
      [org.orgId],
    );
    expect(session?.params.customer).toBe(account?.stripe_customer_id);

    // A second attempt (Business this time) reuses the customer.
    await owner.caller.billing.startCheckout({ orgSlug: org.slug, plan: 'business' });
    expect(standIn.to('/v1/customers')).toHaveLength(1);
    expect(standIn.to('/v1/checkout/sessions').at(-1)?.params).toMatchObject({
      customer: account?.stripe_customer_id,
      'line_items[0][price]': 'price_atrium_business',
    });

    const trail = await adminQuery<{ action: string; outcome: string; actor_id: string }>(
      `select action, outcome, actor_id from audit_events where org_id = $1 and action like 'billing.%' order by seq`,
      [org.orgId],
    );
    expect(trail.slice(0, 2)).toEqual([
      { action: 'billing.startCheckout', outcome: 'success', actor_id: billing.userId },
      { action: 'billing.startCheckout', outcome: 'success', actor_id: owner.userId },
    ]);
  });

  it('opens the Billing Portal for the org’s customer, returning to the billing page', async () => {
    const { url } = await billing.caller.billing.openPortal({ orgSlug: org.slug });
    expect(url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\//);
    const [portal] = standIn.to('/v1/billing_portal/sessions');
    expect(portal?.params.return_url).toMatch(new RegExp(`/o/${org.slug}/billing$`));
    expect(portal?.idempotencyKey).toMatch(/^atrium-portal-/);
  });

  it('answers "try again" when Stripe fails, without Stripe’s own words', async () => {
    standIn.failNext('/v1/checkout/sessions', 500);
    standIn.failNext('/v1/checkout/sessions', 500);
    standIn.failNext('/v1/checkout/sessions', 500);
    const error = await caught(billing.caller.billing.startCheckout({ orgSlug: org.slug, plan: 'team' }));
    expect(error.appCode).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('Stripe did not answer; try again in a moment');
    expect(error.message).not.toContain('stand-in');
  });

  it('shows the live subscription and refuses a second Checkout once the org pays', async () => {
    const periodEnd = new Date('2027-01-15T00:00:00Z');
    await subscribeOrg(org.orgId, 'team', { status: 'past_due', periodEnd, cancelAtPeriodEnd: true });
    const overview = await billing.caller.billing.overview({ orgSlug: org.slug });
    expect(overview.plan.key).toBe('team');
    expect(overview.subscription).toMatchObject({
      plan: 'team',
      status: 'past_due',
      isPastDue: true,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
    });
    expect(overview.seats.limit).toBe(25);
    const again = await caught(billing.caller.billing.startCheckout({ orgSlug: org.slug, plan: 'business' }));
    expect(again.appCode).toBe('INVALID_INPUT');
    expect(again.message).toContain('Manage billing');
  });

  it('lets billing:read see the overview, only billing:manage start Checkout, and every member read the entitlements', async () => {
    expect((await caught(viewer.caller.billing.overview({ orgSlug: org.slug }))).appCode).toBe('PERMISSION_MISSING');
    expect((await caught(admin.caller.billing.startCheckout({ orgSlug: org.slug, plan: 'team' }))).appCode).toBe(
      'PERMISSION_MISSING',
    );
    expect((await caught(admin.caller.billing.openPortal({ orgSlug: org.slug }))).appCode).toBe('PERMISSION_MISSING');
    expect(await viewer.caller.billing.entitlements({ orgSlug: org.slug })).toMatchObject({
      plan: 'team',
      seats: 25,
      isSsoAvailable: false,
    });
  });
});
