/**
 * Stripe's failures as our errors. Stripe's own text can name internals (a masked key, a price id,
 * a parameter), so it never reaches the caller: the caller gets a plain SERVICE_UNAVAILABLE and
 * the log gets Stripe's type, code, status and request id — never the message or the key.
 */
import Stripe from 'stripe';
import { AppError } from '../errors';
import type { Logger } from '../logger';

const TRY_AGAIN = 'Stripe did not answer; try again in a moment';
const SETUP_PROBLEM =
  'Stripe refused the request; the operator of this installation needs to check its Stripe settings';

/** Runs a Stripe call; any failure becomes an AppError, logged with what is safe to log. */
export async function callStripe<T>(log: Logger, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    log.warn(
      { stripe: { type: error.type, code: error.code, status: error.statusCode, requestId: error.requestId }, what },
      'Stripe call failed',
    );
    const isOurSetup =
      error instanceof Stripe.errors.StripeAuthenticationError ||
      error instanceof Stripe.errors.StripePermissionError ||
      error instanceof Stripe.errors.StripeInvalidRequestError;
    throw new AppError('SERVICE_UNAVAILABLE', isOurSetup ? SETUP_PROBLEM : TRY_AGAIN, { service: 'stripe' });
  }
}
