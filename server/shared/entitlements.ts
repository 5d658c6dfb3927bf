/**
 * What a plan entitles an org to, in the shape the browser reads (the billing page's feature list,
 * SSO and SCIM pages hiding their setup), and the wording of a plan-limit refusal's upgrade offer.
 * The server enforces the same values (server/billing/entitlements.ts). Shared with the browser:
 * values and pure functions only.
 */
import { PLANS, plansAbove, type Plan, type PlanKey, type PlanLimits } from './plans';

export type Entitlements = {
  plan: PlanKey;
  planName: string;
  /** null: unlimited. */
  seats: number | null;
  apiCallsPerMonth: number | null;
  auditRetentionDays: number;
  isSsoAvailable: boolean;
  isScimAvailable: boolean;
};

export function entitlementsOf(plan: Plan): Entitlements {
  return { plan: plan.key, planName: plan.name, ...plan.limits };
}

/** The numeric limits a PLAN_LIMIT_REACHED refusal can name. */
export type LimitName = 'seats' | 'apiCallsPerMonth' | 'auditRetentionDays';

/** A plan above the current one, with what it allows for the limit that was reached. */
export type PlanOffer = { key: PlanKey; name: string; allowed: number | null; isSelfServe: boolean };

/** The details of a PLAN_LIMIT_REACHED error (safe to show: the org's own figures). */
export type PlanLimitDetails = {
  limit: LimitName;
  plan: PlanKey;
  allowed: number;
  used: number;
  plansAbove: PlanOffer[];
};

/** 250000 → "250,000", the same on the server and in every browser (no ICU involved). */
export function groupThousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const UNITS: Record<LimitName, (n: number | null) => string> = {
  seats: (n) => (n === null ? 'unlimited seats' : `${groupThousands(n)} seats`),
  apiCallsPerMonth: (n) => (n === null ? 'unlimited API calls' : `${groupThousands(n)} API calls a month`),
  auditRetentionDays: (n) => `${groupThousands(n ?? 0)} days of audit history`,
};

export function describeLimit(limit: LimitName, value: number | null): string {
  return UNITS[limit](value);
}

/** The plans above `current` that allow more of `limit`, cheapest first. */
export function offersAbove(current: PlanKey, limit: LimitName): PlanOffer[] {
  const allowedNow = PLANS[current].limits[limit];
  return plansAbove(current)
    .map((plan) => ({ key: plan.key, name: plan.name, allowed: plan.limits[limit], isSelfServe: plan.isSelfServe }))
    .filter((offer) => allowedNow !== null && (offer.allowed === null || offer.allowed > allowedNow));
}

/** The first plan worth upgrading to, or null when none allows more. */
export function firstOffer(details: Pick<PlanLimitDetails, 'plansAbove'>): PlanOffer | null {
  return details.plansAbove[0] ?? null;
}

/** "Upgrade to Team for 25 seats", or null when no plan allows more. */
export function upgradeLabel(details: Pick<PlanLimitDetails, 'limit' | 'plansAbove'>): string | null {
  const offer = firstOffer(details);
  return offer ? `Upgrade to ${offer.name} for ${describeLimit(details.limit, offer.allowed)}` : null;
}

/** Reads PLAN_LIMIT_REACHED details from an error's `details`, or null when they are not that shape. */
export function planLimitDetailsOf(details: unknown): PlanLimitDetails | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as Partial<PlanLimitDetails>;
  if (typeof d.limit !== 'string' || !(d.limit in UNITS) || !Array.isArray(d.plansAbove)) return null;
  if (typeof d.allowed !== 'number' || typeof d.used !== 'number' || typeof d.plan !== 'string') return null;
  return d as PlanLimitDetails;
}

export type { PlanLimits };
