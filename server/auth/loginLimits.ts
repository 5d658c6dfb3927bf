/**
 * Failed sign-ins are limited so that nobody can aim a lockout at someone else
 * (docs/decisions/016-login-lockout.md). Three counters, counted before the password is checked
 * (so parallel guesses cannot slip past) and given back when the attempt succeeds:
 *  - per network (clientNetwork.ts), across all accounts: what stops spraying from one place;
 *  - per account and network: what stops guessing one account from one place — it never touches
 *    the owner signing in from elsewhere;
 *  - per account, from everywhere, slower: what caps guessing from many places — enforced only on
 *    networks the account has not signed in from within KNOWN_NETWORK_DAYS, so it never locks the
 *    owner out of a network they use.
 * Unknown addresses are counted exactly like real ones (no account enumeration). Accounts are
 * keyed by the SHA-256 of their address and networks by an HMAC, so no address or IP sits in
 * Redis (beyond the per-network counter's key). A password reset lifts the account's locks.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { env } from '../env';
import { AppError } from '../errors';
import { getRedis } from '../redis';
import { clientNetwork } from './clientNetwork';
import { createLimiter, emailSubject, retryMessage } from './rateLimit';

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Failed sign-ins from one network to any accounts (offices share one, so it is the loosest). */
export const LOGIN_NETWORK_LIMIT = 30;
/** Failed sign-ins to one account from one network. */
export const LOGIN_ACCOUNT_NETWORK_LIMIT = 10;
/** Failed sign-ins to one account from all networks; binds only on networks it was not used from. */
export const LOGIN_ACCOUNT_LIMIT = 50;
export const KNOWN_NETWORK_DAYS = 30;
/** Networks remembered per account; the least recently used one is forgotten first. */
const MAX_KNOWN_NETWORKS = 20;

const loginByNetwork = createLimiter('login:ip', LOGIN_NETWORK_LIMIT, FIFTEEN_MINUTES);

const networkHashKey = Buffer.from(hkdfSync('sha256', env.encryptionKey, '', 'atrium login networks', 32));

// One hash tag per account: the script's keys share a Redis Cluster slot.
const keys = (account: string) => ({
  perNetwork: `ratelimit:login:{${account}}:per-network`,
  overall: `ratelimit:login:{${account}}:overall`,
  known: `login:{${account}}:known-networks`,
});

// HINCRBY and INCR create keys without expiry: each window starts with its first failure.
const COUNT_ATTEMPT = `
local here = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
local overall = redis.call('INCR', KEYS[2])
if redis.call('TTL', KEYS[2]) < 0 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return {here, redis.call('TTL', KEYS[1]), overall, redis.call('TTL', KEYS[2])}`;

// Only while the window lives: DECR on a missing key would create one without expiry.
const GIVE_BACK = `
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DECR', KEYS[2]) end
return 0`;

export type LoginAttempt = {
  /** The attempt succeeded: give its counts back, clear this network's failures, remember it. */
  succeeded(): Promise<void>;
};

/** Counts a sign-in attempt; throws TOO_MANY_REQUESTS when one of the limits is exceeded. */
export async function startLoginAttempt(email: string, ip: string | null): Promise<LoginAttempt> {
  const network = clientNetwork(ip);
  await loginByNetwork.consume(network);
  const account = emailSubject(email);
  const networkId = createHmac('sha256', networkHashKey).update(`${account}\n${network}`).digest('hex');
  const key = keys(account);
  const [here, hereTtl, overall, overallTtl] = (await getRedis().eval(
    COUNT_ATTEMPT,
    2,
    key.perNetwork,
    key.overall,
    networkId,
    FIFTEEN_MINUTES,
    ONE_HOUR,
  )) as [number, number, number, number];
  if (here > LOGIN_ACCOUNT_NETWORK_LIMIT) {
    throw new AppError('RATE_LIMITED', retryMessage(hereTtl > 0 ? hereTtl : FIFTEEN_MINUTES));
  }
  if (overall > LOGIN_ACCOUNT_LIMIT && !(await isKnownNetwork(key.known, networkId))) {
    throw new AppError('RATE_LIMITED', retryMessage(overallTtl > 0 ? overallTtl : ONE_HOUR));
  }
  return {
    async succeeded() {
      await Promise.all([
        loginByNetwork.refund(network),
        getRedis().eval(GIVE_BACK, 2, key.perNetwork, key.overall, networkId),
        rememberNetwork(key.known, networkId),
      ]);
    },
  };
}

async function isKnownNetwork(knownKey: string, networkId: string): Promise<boolean> {
  const lastUsed = await getRedis().zscore(knownKey, networkId);
  return lastUsed !== null && Number(lastUsed) > Date.now() - KNOWN_NETWORK_DAYS * DAY_MS;
}

async function rememberNetwork(knownKey: string, networkId: string): Promise<void> {
  const now = Date.now();
  await getRedis()
    .multi()
    .zadd(knownKey, now, networkId)
    .zremrangebyscore(knownKey, '-inf', now - KNOWN_NETWORK_DAYS * DAY_MS)
    .zremrangebyrank(knownKey, 0, -(MAX_KNOWN_NETWORKS + 1))
    .pexpire(knownKey, KNOWN_NETWORK_DAYS * DAY_MS)
    .exec();
}

/** Whoever proved control of the mailbox (a password reset) is no longer held back by failed guesses. */
export async function liftLoginLocks(email: string): Promise<void> {
  const key = keys(emailSubject(email));
  await getRedis().del(key.perNetwork, key.overall);
}
