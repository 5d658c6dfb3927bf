/**
 * Presence state in Redis: who is online in an org, in which tab, on which page. Ephemeral by
 * design — it never touches PostgreSQL or the outbox (docs/decisions/009-presence.md).
 *
 * Per org (one hash tag, so the keys stay in one Redis Cluster slot; the client's keyPrefix puts
 * REDIS_PREFIX in front of each, and the scripts touch only the KEYS they are given):
 *   presence:{<orgId>}:expiry           sorted set  entry key → expiry (ms, Redis clock)
 *   presence:{<orgId>}:entries          hash        entry key → entry JSON
 *   presence:{<orgId>}:member:<id>      sorted set  the member's entry keys → expiry (the cap)
 * Every change is one Lua script, so a read never sees half an entry and the per-member cap
 * holds under concurrent joins. Scripts take the time from Redis (TIME), not from the node, so
 * nodes with skewed clocks agree on what has expired. Expired entries are swept by every script
 * that touches the org; the caller learns how many, and announces the change.
 *
 * Changes are announced on `<REDIS_PREFIX>org:<id>:presence` (pub/sub, not the outbox): the message only says
 * "re-read", every process serving the org re-reads the list from here.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { channelName, getRedis } from '../redis';
import { parseEntry, type PresenceEntry, type PresenceEntryInput } from './snapshot';

export type PresencePutStatus =
  /** A new entry (the tab came online). */
  | 'added'
  /** An existing entry now shows another page, resource, mode or name. */
  | 'updated'
  /** The same again: nothing others would notice. */
  | 'unchanged'
  /** A new subscription took over the tab's entry without visible change. */
  | 'taken'
  /** A heartbeat extended the entry. */
  | 'refreshed'
  /** A heartbeat from a subscription whose tab has since been taken over: nothing written. */
  | 'superseded'
  /** A put from an older subscription of the tab than the one that owns it: nothing written. */
  | 'stale'
  /** The member already has the maximum number of entries: nothing written. */
  | 'full';

export type PresenceOptions = {
  /** How long an entry lives without a heartbeat. */
  ttlMs: number;
  /** How often a live subscription refreshes its entry; well under ttlMs. */
  heartbeatMs: number;
  /** How long a process gathers change notices before it re-reads the list. */
  debounceMs: number;
  /** Open tabs one member may have registered at once; more tabs watch without registering. */
  maxEntriesPerMember: number;
};

export const DEFAULT_PRESENCE_OPTIONS: PresenceOptions = {
  ttlMs: 30_000,
  heartbeatMs: 10_000,
  debounceMs: 150,
  maxEntriesPerMember: 10,
};

export function presenceChannel(orgId: string): string {
  return channelName(`org:${orgId}:presence`);
}

function orgKeys(orgId: string) {
  const prefix = `presence:{${orgId}}`;
  return {
    expiry: `${prefix}:expiry`,
    entries: `${prefix}:entries`,
    member: (membershipId: string) => `${prefix}:member:${membershipId}`,
  };
}

// Shared by every script: the Redis clock in ms, and the sweep of expired entries.
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function sweep()
  local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  for _, k in ipairs(expired) do redis.call('HDEL', KEYS[2], k) end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) end
  return #expired
end
`;

/** KEYS: expiry, entries, member. ARGV: key, conn, entry JSON, ttlMs, cap, 'put' | 'heartbeat'. */
const PUT_SCRIPT = `${PRELUDE}
local swept = sweep()
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local key, conn, ttl = ARGV[1], ARGV[2], tonumber(ARGV[4])
local incoming = cjson.decode(ARGV[3])
local currentJson = redis.call('HGET', KEYS[2], key)
local status
if currentJson then
  local current = cjson.decode(currentJson)
  if ARGV[6] == 'heartbeat' then
    if current.conn ~= conn then return {'superseded', swept} end
    status = 'refreshed'
  elseif (tonumber(current.seq) or 0) > tonumber(incoming.seq) then
    return {'stale', swept}
  else
    local same = current.page == incoming.page and current.resource == incoming.resource
      and current.mode == incoming.mode and current.name == incoming.name
    incoming.since = current.since
    if same then incoming.at = current.at else incoming.at = now end
    redis.call('HSET', KEYS[2], key, cjson.encode(incoming))
    if not same then status = 'updated' elseif current.conn == conn then status = 'unchanged' else status = 'taken' end
  end
else
  if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then return {'full', swept} end
  incoming.since = now
  incoming.at = now
  redis.call('HSET', KEYS[2], key, cjson.encode(incoming))
  status = 'added'
end
local expires = now + ttl
redis.call('ZADD', KEYS[1], expires, key)
redis.call('ZADD', KEYS[3], expires, key)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 2) end
return {status, swept}
`;

/** KEYS: expiry, entries, member. ARGV: key, conn. Removes the entry only if `conn` still owns it. */
const REMOVE_SCRIPT = `
local currentJson = redis.call('HGET', KEYS[2], ARGV[1])
if not currentJson then return 0 end
if cjson.decode(currentJson).conn ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
`;

/** KEYS: expiry, entries. Returns {swept, entry JSON…} of the entries that have not expired. */
const LIST_SCRIPT = `${PRELUDE}
local swept = sweep()
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
local out = {tostring(swept)}
for i = 1, #live, 500 do
  local values = redis.call('HMGET', KEYS[2], unpack(live, i, math.min(i + 499, #live)))
  for _, v in ipairs(values) do if v then out[#out + 1] = v end end
end
return out
`;

type Script = { source: string; sha: string };
const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });
const PUT = script(PUT_SCRIPT);
const REMOVE = script(REMOVE_SCRIPT);
const LIST = script(LIST_SCRIPT);

async function run(redis: Redis, { source, sha }: Script, keys: string[], args: (string | number)[]) {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
    return redis.eval(source, keys.length, ...keys, ...args);
  }
}

export type PresenceStore = {
  /** Adds or changes a tab's entry ('put'), or extends it when `conn` still owns it ('heartbeat'). */
  put(
    orgId: string,
    entry: PresenceEntryInput,
    op: 'put' | 'heartbeat',
  ): Promise<{ status: PresencePutStatus; swept: number }>;
  /** Removes a tab's entry if `conn` still owns it; true when something was removed. */
  remove(orgId: string, entry: Pick<PresenceEntryInput, 'key' | 'conn' | 'membershipId'>): Promise<boolean>;
  /** The org's live entries (sweeping expired ones on the way). */
  list(orgId: string): Promise<{ entries: PresenceEntry[]; swept: number }>;
  /** Tells every process serving the org to re-read the list. */
  announce(orgId: string): Promise<void>;
  readonly options: PresenceOptions;
};

export function createPresenceStore(options: Partial<PresenceOptions> & { redis?: Redis } = {}): PresenceStore {
  const { redis: givenRedis, ...rest } = options;
  const settings: PresenceOptions = { ...DEFAULT_PRESENCE_OPTIONS, ...rest };
  const redis = () => givenRedis ?? getRedis();

  return {
    options: settings,

    async put(orgId, entry, op) {
      const keys = orgKeys(orgId);
      const json = JSON.stringify({
        key: entry.key,
        conn: entry.conn,
        seq: entry.seq,
        membershipId: entry.membershipId,
        userId: entry.userId,
        name: entry.name,
        page: entry.page,
        resource: entry.resource,
        mode: entry.mode,
      });
      const [status, swept] = (await run(
        redis(),
        PUT,
        [keys.expiry, keys.entries, keys.member(entry.membershipId)],
        [entry.key, entry.conn, json, settings.ttlMs, settings.maxEntriesPerMember, op],
      )) as [PresencePutStatus, number];
      return { status, swept: Number(swept) };
    },

    async remove(orgId, entry) {
      const keys = orgKeys(orgId);
      const removed = await run(
        redis(),
        REMOVE,
        [keys.expiry, keys.entries, keys.member(entry.membershipId)],
        [entry.key, entry.conn],
      );
      return Number(removed) === 1;
    },

    async list(orgId) {
      const keys = orgKeys(orgId);
      const [swept, ...values] = (await run(redis(), LIST, [keys.expiry, keys.entries], [])) as string[];
      const entries = values.map(parseEntry).filter((entry): entry is PresenceEntry => entry !== null);
      return { entries, swept: Number(swept) };
    },

    async announce(orgId) {
      await redis().publish(presenceChannel(orgId), '{"kind":"changed"}');
    },
  };
}
