/**
 * Signs a Stripe event body the way Stripe does (`Stripe-Signature: t=…,v1=…`) with the SDK's own
 * helper and our webhook secret, so events we make ourselves — the demo's billing history, tests —
 * enter through receiveStripeWebhook exactly like Stripe's. It never makes a body verify that
 * was not signed with the secret the endpoint checks.
 */
import Stripe from 'stripe';
import { env } from '../../env';

export type SignedStripeEvent = { rawBody: string; signature: string };

export function signStripeEvent(
  event: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
): SignedStripeEvent {
  const rawBody = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: rawBody,
    secret: options.secret ?? env.stripeWebhookSecret,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
  return { rawBody, signature };
}
