/**
 * The one Stripe API client (the `stripe` SDK), or null when no STRIPE_SECRET_KEY is configured:
 * then billing explains how to connect Stripe and nothing calls Stripe. STRIPE_API_URL points the
 * SDK at another host, port and protocol — a stand-in on loopback in tests and on machines that
 * cannot reach Stripe (test/stripeStandIn.ts). Receiving Stripe's webhooks needs no client: the
 * events are verified with the webhook secret alone.
 */
import Stripe from 'stripe';
import { env } from '../env';
import { AppError } from '../errors';

let client: Stripe | null | undefined;

function makeClient(): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const target = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Atrium' },
    ...(target && {
      host: target.hostname,
      port: target.port || (target.protocol === 'https:' ? 443 : 80),
      protocol: target.protocol === 'http:' ? 'http' : 'https',
    }),
  });
}

/** The configured client, or null without STRIPE_SECRET_KEY. */
export function stripeClient(): Stripe | null {
  if (client === undefined) client = makeClient();
  return client;
}

/** The configured client; refuses with BILLING_NOT_CONFIGURED when Stripe is not connected. */
export function requireStripe(): Stripe {
  const stripe = stripeClient();
  if (!stripe) throw new AppError('BILLING_NOT_CONFIGURED');
  return stripe;
}

/** Whether Stripe is connected (a secret key is configured). */
export const isStripeConfigured = (): boolean => Boolean(env.STRIPE_SECRET_KEY);
