/**
 * The core of POST /webhooks/stripe, called with the raw body and the Stripe-Signature header by
 * the express route (./webhookRoute.ts) and by the demo seed (server/demo/billingHistory.ts) — one
 * code path. It owns the order of the steps:
 *   1. verify the signature with Stripe's SDK against env.stripeWebhookSecret (300 s tolerance);
 *      a missing, forged or stale signature, a body that is not JSON or not an event, or an object
 *      of the wrong shape is refused with 400 and changes nothing;
 *   2. a type the mirror does not apply is recorded ('unhandled_type') and answered 200;
 *   3. the org is found before any tenant (its customer's billing account, else the org the event
 *      names); none → recorded ('unknown_customer') and answered 200;
 *   4. in the org's transaction, as the system principal 'stripe': the mirror is changed and the
 *      event recorded by id in the same transaction. A duplicate (the id was recorded) is rolled
 *      back whole and answered 200: Stripe redelivers, we change nothing twice.
 * Answers are JSON: `{ received: true, outcome }`, or `{ error: { code, message } }` — never a
 * stack or an internal message (an unexpected failure is a 500, logged here, and Stripe retries).
 */
import Stripe from 'stripe';
import { env } from '../../env';
import { logger } from '../../logger';
import { recordIgnoredStripeEvent, stripeEventOrg } from '../../tenancy/lookups';
import { withTenant, type Tx } from '../../tenancy/withTenant';
import { isRecentEvent, type ApplyOutcome } from './applyContext';
import { ZEventEnvelope, type StripeEventEnvelope } from './eventSchemas';
import { handledEventOf, orgHint, type HandledEvent } from './handledEvents';

/** Stripe's default, named here because it is part of what we promise: older signatures are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const STRIPE_PRINCIPAL = { type: 'system', name: 'stripe' } as const;

export type StripeWebhookErrorCode = 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED' | 'EVENT_INVALID';

export type StripeWebhookAnswer =
  | { status: 200; body: { received: true; outcome: ApplyOutcome | 'unhandled_type' | 'duplicate' } }
  | { status: 400 | 500; body: { error: { code: StripeWebhookErrorCode | 'INTERNAL'; message: string } } };

const MESSAGES: Record<StripeWebhookErrorCode | 'INTERNAL', string> = {
  SIGNATURE_MISSING: 'The Stripe-Signature header is missing.',
  SIGNATURE_INVALID: 'The Stripe-Signature header does not match the body and the webhook secret.',
  SIGNATURE_EXPIRED: `The Stripe-Signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds away from now.`,
  EVENT_INVALID: 'The body is not a Stripe event this endpoint can read.',
  INTERNAL: 'The event could not be applied now; Stripe will send it again.',
};

function refuse(status: 400 | 500, code: StripeWebhookErrorCode | 'INTERNAL'): StripeWebhookAnswer {
  return { status, body: { error: { code, message: MESSAGES[code] } } };
}

function received(outcome: ApplyOutcome | 'unhandled_type' | 'duplicate'): StripeWebhookAnswer {
  return { status: 200, body: { received: true, outcome } };
}

/** The header's `t=`, to tell a stale signature from a wrong one. */
function signedAt(signature: string): number | null {
  const match = /(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature);
  return match ? Number(match[1]) : null;
}

type Verified = { ok: true; payload: unknown } | { ok: false; answer: StripeWebhookAnswer };

function verify(rawBody: Buffer | string, signature: string | undefined): Verified {
  if (!signature) return { ok: false, answer: refuse(400, 'SIGNATURE_MISSING') };
  try {
    const payload: unknown = Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      env.stripeWebhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
    );
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, answer: refuse(400, 'EVENT_INVALID') };
    const at = signedAt(signature);
    const isStale = at !== null && Math.abs(Date.now() / 1000 - at) > SIGNATURE_TOLERANCE_SECONDS;
    return { ok: false, answer: refuse(400, isStale ? 'SIGNATURE_EXPIRED' : 'SIGNATURE_INVALID') };
  }
}

/** Thrown inside the tenant transaction to roll back the work of an event already recorded. */
class AlreadyRecorded extends Error {}

async function recordApplied(tx: Tx, event: StripeEventEnvelope, outcome: ApplyOutcome): Promise<boolean> {
  const result = await tx.$client.query<{ recorded: boolean | null }>(
    'select app_stripe_event_record($1, $2, $3, $4) as recorded',
    [event.id, event.type, event.created, outcome],
  );
  return result.rows[0]?.recorded === true;
}

async function applyToOrg(
  orgId: string,
  event: StripeEventEnvelope,
  handler: HandledEvent<unknown>,
  object: unknown,
): Promise<StripeWebhookAnswer> {
  try {
    const outcome = await withTenant(orgId, STRIPE_PRINCIPAL, async (tx) => {
      const ctx = { tx, orgId, event, isRecent: isRecentEvent(event.created) };
      const applied = await handler.apply(ctx, object);
      if (!(await recordApplied(tx, event, applied))) throw new AlreadyRecorded();
      return applied;
    });
    return received(outcome);
  } catch (error) {
    if (error instanceof AlreadyRecorded) return received('duplicate');
    throw error;
  }
}

async function receive(rawBody: Buffer | string, signature: string | undefined): Promise<StripeWebhookAnswer> {
  const verified = verify(rawBody, signature);
  if (!verified.ok) return verified.answer;
  const envelope = ZEventEnvelope.safeParse(verified.payload);
  if (!envelope.success) return refuse(400, 'EVENT_INVALID');
  const event = envelope.data;

  const handler = handledEventOf(event.type);
  if (!handler) {
    const isNew = await recordIgnoredStripeEvent(event, 'unhandled_type');
    return received(isNew ? 'unhandled_type' : 'duplicate');
  }
  const object = handler.schema.safeParse(event.data.object);
  if (!object.success) {
    logger.warn(
      { stripeEventId: event.id, type: event.type, issues: object.error.issues.length },
      'Stripe event of an unexpected shape',
    );
    return refuse(400, 'EVENT_INVALID');
  }

  const orgId = await stripeEventOrg(handler.customerOf(object.data), orgHint(handler.orgHintOf(object.data)));
  if (!orgId) {
    const isNew = await recordIgnoredStripeEvent(event, 'unknown_customer');
    return received(isNew ? 'unknown_customer' : 'duplicate');
  }
  return applyToOrg(orgId, event, handler, object.data);
}

export async function receiveStripeWebhook(
  rawBody: Buffer | string,
  signature: string | undefined,
): Promise<StripeWebhookAnswer> {
  try {
    return await receive(rawBody, signature);
  } catch (error) {
    logger.error({ err: error }, 'Stripe event not applied');
    return refuse(500, 'INTERNAL');
  }
}
