/** Input and output schemas of the billing procedures (./router.ts). */
import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '../../db/schema';
import { PLAN_KEYS } from '../shared/plans';

export const ZPlanKey = z.enum(PLAN_KEYS);

export const ZPlanLimits = z.object({
  seats: z.number().int().nullable(),
  apiCallsPerMonth: z.number().int().nullable(),
  auditRetentionDays: z.number().int(),
  isSsoAvailable: z.boolean(),
  isScimAvailable: z.boolean(),
});

export const ZPlan = z.object({
  key: ZPlanKey,
  name: z.string(),
  monthlyPriceCents: z.number().int().nullable(),
  summary: z.string(),
  isSelfServe: z.boolean(),
  limits: ZPlanLimits,
});

export const ZEntitlements = ZPlanLimits.extend({ plan: ZPlanKey, planName: z.string() });

export const ZBillingOverview = z.object({
  plan: ZPlan,
  entitlements: ZEntitlements,
  seats: z.object({
    used: z.number().int(),
    activeMembers: z.number().int(),
    openInvitations: z.number().int(),
    limit: z.number().int().nullable(),
  }),
  subscription: z
    .object({
      id: z.string(),
      plan: z.string(),
      status: z.enum(SUBSCRIPTION_STATUSES),
      currentPeriodEnd: z.date().nullable(),
      cancelAtPeriodEnd: z.boolean(),
      isPastDue: z.boolean(),
    })
    .nullable(),
  card: z
    .object({
      brand: z.string(),
      last4: z.string(),
      expMonth: z.number().int().nullable(),
      expYear: z.number().int().nullable(),
    })
    .nullable(),
  hasStripeCustomer: z.boolean(),
  isStripeConfigured: z.boolean(),
  /** Where Stripe must send its events (shown by the "connect Stripe" panel). */
  stripeWebhookUrl: z.string().url(),
  /** Enterprise is sold by contract: "Contact sales" writes here (env SALES_EMAIL). */
  salesEmail: z.string().email(),
  catalogue: z.array(ZPlan),
});
export type BillingOverview = z.infer<typeof ZBillingOverview>;

export const ZStartCheckoutInput = z.object({ plan: z.enum(['team', 'business']) });

export const ZStripeRedirect = z.object({ url: z.string().url() });
