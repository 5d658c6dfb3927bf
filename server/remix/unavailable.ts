/**
 * How a Remix page answers while the database is unavailable: a 503 whose body is the message to
 * show (the root ErrorBoundary prints string data), instead of a 500 "Something went wrong".
 * Loaders reach the database only through the load context's tRPC caller, so this is applied
 * there once, not in each route.
 */
import { data } from '@remix-run/node';
import { isAppError } from '../errors';

/** Throws the 503 response when `error` is SERVICE_UNAVAILABLE; returns otherwise. */
export function throwIfUnavailable(error: unknown): void {
  if (isAppError(error) && error.appCode === 'SERVICE_UNAVAILABLE') {
    throw data(error.message, { status: 503, headers: { 'Retry-After': '5' } });
  }
}
