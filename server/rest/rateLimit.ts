/**
 * Requests per API key per minute, in a fixed window on Redis (server/auth/rateLimit.ts counts
 * them). Counted by key id once the key authenticated — not by the token's lookup part, which the
 * portal shows as the key's prefix: whoever saw a prefix could otherwise spend the key's budget
 * with made-up secrets. Every keyed answer carries the IETF draft's RateLimit-* headers and their
 * X-RateLimit-* forerunners; past the limit, 429 with Retry-After.
 *
 * Refused authentications are counted too, per client address: past their limit the address gets
 * 429 for the rest of the window before any key it sends is looked up, so a flood of made-up keys
 * costs one Redis read each instead of a database lookup.
 */
import type { Response } from 'express';
import { countInWindow } from '../auth/rateLimit';
import { getRedis } from '../redis';

const WINDOW_SECONDS = 60;
const FAILURES = 'api-key-failures';

export type RateLimitState = { limit: number; remaining: number; resetSeconds: number; isExceeded: boolean };

export async function countKeyRequest(keyId: string, limitPerMinute: number): Promise<RateLimitState> {
  const { count, secondsLeft } = await countInWindow('api-key', keyId, WINDOW_SECONDS);
  return {
    limit: limitPerMinute,
    remaining: Math.max(0, limitPerMinute - count),
    resetSeconds: secondsLeft,
    isExceeded: count > limitPerMinute,
  };
}

export function setRateLimitHeaders(res: Response, state: RateLimitState): void {
  for (const prefix of ['RateLimit', 'X-RateLimit']) {
    res.setHeader(`${prefix}-Limit`, String(state.limit));
    res.setHeader(`${prefix}-Remaining`, String(state.remaining));
    res.setHeader(`${prefix}-Reset`, String(state.resetSeconds));
  }
  if (state.isExceeded) res.setHeader('Retry-After', String(state.resetSeconds));
}

/** Whether this address has used up its refused authentications in the current window, and for how long. */
export async function authenticationFailuresExceeded(
  ip: string,
  limitPerMinute: number,
): Promise<{ isExceeded: boolean; resetSeconds: number }> {
  const key = `ratelimit:${FAILURES}:${ip}`;
  const [[, count], [, ttl]] = (await getRedis().multi().get(key).ttl(key).exec()) as [
    [Error | null, string | null],
    [Error | null, number],
  ];
  const isExceeded = Number(count ?? 0) >= limitPerMinute;
  return { isExceeded, resetSeconds: ttl > 0 ? ttl : WINDOW_SECONDS };
}

export async function countAuthenticationFailure(ip: string): Promise<void> {
  await countInWindow(FAILURES, ip, WINDOW_SECONDS);
}
