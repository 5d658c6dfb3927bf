/**
 * When a failed webhook delivery is tried again: attempt 1 is immediate, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h after each failure — 8 attempts over about 27 hours, after which the
 * delivery is 'failed' (a person may replay it). WEBHOOK_RETRY_SCALE (server/env.ts) multiplies
 * every wait, so tests run the whole schedule in seconds.
 */
import { env } from '../env';

/** Waits after attempts 1…7 (ms, unscaled). */
const WAITS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

export const MAX_DELIVERY_ATTEMPTS = WAITS_MS.length + 1;

/** The wait before the attempt after `attemptsMade` failed ones, or null when the schedule is spent. */
export function retryDelayMs(attemptsMade: number, scale: number = env.WEBHOOK_RETRY_SCALE): number | null {
  const wait = WAITS_MS[attemptsMade - 1];
  if (attemptsMade < 1 || wait === undefined) return null;
  return Math.round(wait * scale);
}
