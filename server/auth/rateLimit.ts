/**
 * Fixed-window attempt counters in Redis, for sign-ins (loginLimits.ts), password-reset requests,
 * signups and the like. An attempt is counted before the work it guards (so parallel guesses
 * cannot slip past the check) and can be refunded when it turns out to be legitimate. Email addresses are keyed by their SHA-256, so
 * no address sits in Redis.
 */
import { createHash } from 'node:crypto';
import { env } from '../env';
import { AppError } from '../errors';
import { getRedis } from '../redis';

export type Limiter = {
  /** Counts an attempt; throws TOO_MANY_REQUESTS once the window's limit is exceeded. */
  consume(subject: string): Promise<void>;
  /** Gives one attempt back (a legitimate success that should not count against the subject). */
  refund(subject: string): Promise<void>;
  /** Forgets the subject's attempts. */
  reset(subject: string): Promise<void>;
};

export function emailSubject(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

export function retryMessage(secondsLeft: number): string {
  const minutes = Math.max(1, Math.ceil(secondsLeft / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** The subject's attempts in the current window, this one included, and the seconds until the window ends. */
export type WindowCount = { count: number; secondsLeft: number };

/** Counts one attempt in a fixed window of `windowSeconds` (one round trip); the caller decides what the count means. */
export async function countInWindow(name: string, subject: string, windowSeconds: number): Promise<WindowCount> {
  const key = `ratelimit:${name}:${subject}`;
  // SET NX starts the window (with its expiry) only for the first attempt in it.
  const results = await getRedis().multi().set(key, 0, 'EX', windowSeconds, 'NX').incr(key).ttl(key).exec();
  if (!results) throw new Error('rate limit transaction was aborted');
  const [, [incrError, count], [ttlError, ttl]] = results as [unknown, [Error | null, number], [Error | null, number]];
  if (incrError || ttlError) throw incrError ?? ttlError;
  return { count, secondsLeft: ttl > 0 ? ttl : windowSeconds };
}

export function createLimiter(name: string, limit: number, windowSeconds: number): Limiter {
  const keyFor = (subject: string) => `ratelimit:${name}:${subject}`;
  return {
    async consume(subject) {
      const { count, secondsLeft } = await countInWindow(name, subject, windowSeconds);
      if (count > limit) throw new AppError('RATE_LIMITED', retryMessage(secondsLeft));
    },
    async refund(subject) {
      const key = keyFor(subject);
      // Only while the window lives: DECR on a missing key would create one without expiry.
      await getRedis().eval(
        "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0",
        1,
        key,
      );
    },
    async reset(subject) {
      await getRedis().del(keyFor(subject));
    },
  };
}

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;

/** Wrong current passwords on the change-password form, per signed-in user. */
export const passwordChangeByUser = createLimiter('password-change:user', 10, FIFTEEN_MINUTES);
/** Reset emails requested from one address, and for one account. */
export const resetRequestByIp = createLimiter('reset-request:ip', 20, ONE_HOUR);
export const resetRequestByEmail = createLimiter('reset-request:email', 5, ONE_HOUR);
/** Accounts created from one address. */
export const signupByIp = createLimiter('signup:ip', env.SIGNUP_LIMIT_PER_IP_HOUR, ONE_HOUR);
