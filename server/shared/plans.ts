/**
 * The plan catalogue: what each plan allows. The product enforces these limits (server/billing/
 * entitlements.ts); the billing page and the usage page's quota bars show them. An org is on the
 * plan of its live Stripe subscription (the subscription's price names it: STRIPE_PRICE_TEAM,
 * STRIPE_PRICE_BUSINESS), and on Free without one. Enterprise is sold by contract: no self-serve
 * price, its subscription carries `metadata.plan = enterprise`.
 * `null` means unlimited. Shared with the browser: values only.
 */
export const PLAN_KEYS = ['free', 'team', 'business', 'enterprise'] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];

export type PlanLimits = {
  /** Active and invited members. */
  seats: number | null;
  /** REST API requests per calendar month (UTC). */
  apiCallsPerMonth: number | null;
  /** The longest audit retention an org may set (days). */
  auditRetentionDays: number;
  isSsoAvailable: boolean;
  isScimAvailable: boolean;
};

export type Plan = {
  key: PlanKey;
  name: string;
  /** Monthly list price in USD cents (null: by contract). */
  monthlyPriceCents: number | null;
  summary: string;
  /** Bought through Stripe Checkout (Team, Business); Free needs nothing and Enterprise is sold by contract. */
  isSelfServe: boolean;
  limits: PlanLimits;
};

export const PLANS: Record<PlanKey, Plan> = {
  free: {
    key: 'free',
    name: 'Free',
    monthlyPriceCents: 0,
    summary: 'For trying Atrium with a small team.',
    isSelfServe: false,
    limits: {
      seats: 5,
      apiCallsPerMonth: 10_000,
      auditRetentionDays: 30,
      isSsoAvailable: false,
      isScimAvailable: false,
    },
  },
  team: {
    key: 'team',
    name: 'Team',
    monthlyPriceCents: 4_900,
    summary: 'For growing teams that integrate through the API.',
    isSelfServe: true,
    limits: {
      seats: 25,
      apiCallsPerMonth: 250_000,
      auditRetentionDays: 365,
      isSsoAvailable: false,
      isScimAvailable: false,
    },
  },
  business: {
    key: 'business',
    name: 'Business',
    monthlyPriceCents: 19_900,
    summary: 'Single sign-on, SCIM provisioning and a longer audit trail.',
    isSelfServe: true,
    limits: {
      seats: 200,
      apiCallsPerMonth: 2_000_000,
      auditRetentionDays: 1_095,
      isSsoAvailable: true,
      isScimAvailable: true,
    },
  },
  enterprise: {
    key: 'enterprise',
    name: 'Enterprise',
    monthlyPriceCents: null,
    summary: 'Unlimited seats and calls, the longest retention, a contract and an account manager.',
    isSelfServe: false,
    limits: {
      seats: null,
      apiCallsPerMonth: null,
      auditRetentionDays: 2_555,
      isSsoAvailable: true,
      isScimAvailable: true,
    },
  },
};

export function isPlanKey(value: string): value is PlanKey {
  return (PLAN_KEYS as readonly string[]).includes(value);
}

/** The plans above `current`, cheapest first: where an "upgrade" points. */
export function plansAbove(current: PlanKey): Plan[] {
  return PLAN_KEYS.slice(PLAN_KEYS.indexOf(current) + 1).map((key) => PLANS[key]);
}
