/**
 * Billing on an installation without STRIPE_SECRET_KEY: the overview says Stripe is not connected,
 * and Checkout and the Billing Portal refuse with BILLING_NOT_CONFIGURED before anything is written.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { adminQuery } from '../../test/db';
import { caught, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';

vi.hoisted(() => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_URL;
});

describe('billing without Stripe', () => {
  let org: RolesTestOrg;

  beforeAll(async () => {
    org = await rolesTestOrg('no-stripe');
  });

  it('shows the plan, says Stripe is not connected, and refuses Checkout and the portal', async () => {
    const { caller } = org.ownerPerson;
    const overview = await caller.billing.overview({ orgSlug: org.slug });
    expect(overview).toMatchObject({ isStripeConfigured: false, plan: { key: 'free' }, hasStripeCustomer: false });
    for (const attempt of [
      caller.billing.startCheckout({ orgSlug: org.slug, plan: 'team' }),
      caller.billing.openPortal({ orgSlug: org.slug }),
    ]) {
      const error = await caught(attempt);
      expect(error.appCode).toBe('BILLING_NOT_CONFIGURED');
      expect(error.message).toBe('Billing is not connected to Stripe on this installation');
    }
    expect(await adminQuery('select 1 from billing_accounts where org_id = $1', [org.orgId])).toEqual([]);
  });
});
