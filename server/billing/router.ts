/**
 * The billing procedures: wiring only. Reads run in the tenant transaction (orgProcedure);
 * Checkout and the Billing Portal call Stripe, so they run on memberProcedure and open short
 * transactions of their own around the call — never one held across it.
 */
import { router } from '../trpc/init';
import { memberProcedure, orgProcedure } from '../trpc/procedures';
import { BILLING_AUDIT } from './audit';
import { startCheckout } from './checkout';
import type { BillingCaller } from './customer';
import { entitlementsFor } from './entitlements';
import { billingOverview } from './overview';
import { openBillingPortal } from './portal';
import { ZBillingOverview, ZEntitlements, ZStartCheckoutInput, ZStripeRedirect } from './schemas';

type CallerContext = {
  org: { id: string; slug: string };
  principal: BillingCaller['principal'];
  user: { email: string };
  log: BillingCaller['log'];
};

function billingCaller(ctx: CallerContext): BillingCaller & { orgSlug: string } {
  return { orgId: ctx.org.id, orgSlug: ctx.org.slug, principal: ctx.principal, email: ctx.user.email, log: ctx.log };
}

const manageBilling = memberProcedure.meta({ permission: 'billing:manage' });

export const billingRouter = router({
  overview: orgProcedure
    .meta({ permission: 'billing:read' })
    .output(ZBillingOverview)
    .query(({ ctx }) => billingOverview(ctx.db, ctx.org.id)),

  /** What the org's plan allows: every member may know it (pages hide what the plan lacks). */
  entitlements: orgProcedure
    .meta({ permission: 'org:read' })
    .output(ZEntitlements)
    .query(({ ctx }) => entitlementsFor(ctx.db, ctx.org.id)),

  startCheckout: manageBilling
    .meta({ audit: BILLING_AUDIT.startCheckout })
    .input(ZStartCheckoutInput)
    .output(ZStripeRedirect)
    .mutation(({ ctx, input }) => startCheckout(billingCaller(ctx), input.plan)),

  openPortal: manageBilling
    .meta({ audit: BILLING_AUDIT.openPortal })
    .output(ZStripeRedirect)
    .mutation(({ ctx }) => openBillingPortal(billingCaller(ctx))),
});
