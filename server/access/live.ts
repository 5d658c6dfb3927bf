/**
 * The live view of one member's own access. Subscribes to the org's 'access' channel (written by
 * the role services when effective permissions may change); on an event that names the caller's
 * membership (or everyone), re-resolves the caller through app_resolve_member — the same lookup
 * every request uses — and yields only when the answer differs from the last one sent. The
 * answer includes a digest of the conditions on the caller's grants and of what they read about
 * the caller (profile attributes, the org's time zone), so an edit that only changes a condition
 * (a region, an IP range) or the member's region is reported too: it changes what the server
 * decides and what the pages list, even when the set of permission names stays the same.
 */
import { createHash } from 'node:crypto';
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';
import { resolveMemberOfSession } from '../tenancy/lookups';

export type AccessState = {
  permissions: string[];
  active: boolean;
  /**
   * Changes whenever a condition on one of the caller's grants does, or what it reads about the
   * caller (attributes, time zone); the sources themselves stay on the server.
   */
  conditionsDigest: string;
};

export type LiveAccessOptions = {
  orgId: string;
  orgSlug: string;
  /** The caller's session: when it ends, the caller is no longer active here. */
  sessionId: string;
  membershipId: string;
  /** What the caller holds when the subscription starts (the baseline for "changed"). */
  initial: AccessState;
  signal?: AbortSignal;
  bus?: Bus;
};

type AccessEventData = { membershipIds?: unknown; all?: unknown };

function concerns(message: string, membershipId: string): boolean {
  try {
    const data = (JSON.parse(message) as { data?: AccessEventData }).data ?? {};
    if (data.all === true) return true;
    return Array.isArray(data.membershipIds) && data.membershipIds.includes(membershipId);
  } catch {
    return false;
  }
}

/**
 * A short, stable digest of permission → condition sources (order-independent) and, when there
 * are any, of what conditions read about the member: their attributes and the org's time zone.
 */
export function conditionsDigestOf(
  conditions: Readonly<Partial<Record<string, readonly string[]>>>,
  reads: { attributes?: Readonly<Record<string, unknown>>; timezone?: string } = {},
): string {
  const entries = Object.entries(conditions)
    .filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1]) && entry[1].length > 0)
    .map(([permission, sources]) => [permission, [...sources].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Without conditions, nothing about the member can change a decision.
  const context =
    entries.length === 0
      ? null
      : {
          attributes: Object.entries(reads.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          timezone: reads.timezone ?? null,
        };
  return createHash('sha256')
    .update(JSON.stringify([entries, context]))
    .digest('base64url')
    .slice(0, 16);
}

const NO_CONDITIONS = conditionsDigestOf({});

export async function stateOf(sessionId: string, orgSlug: string, orgId: string): Promise<AccessState> {
  const record = await resolveMemberOfSession(sessionId, orgSlug);
  if (!record || record.orgId !== orgId || record.status !== 'active') {
    return { permissions: [], active: false, conditionsDigest: NO_CONDITIONS };
  }
  return {
    permissions: [...record.permissions].sort(),
    active: true,
    conditionsDigest: conditionsDigestOf(record.conditions, {
      attributes: record.attributes,
      timezone: record.orgTimezone,
    }),
  };
}

const same = (a: AccessState, b: AccessState) =>
  a.active === b.active &&
  a.conditionsDigest === b.conditionsDigest &&
  a.permissions.length === b.permissions.length &&
  a.permissions.every((p, i) => p === b.permissions[i]);

export async function* liveAccess(options: LiveAccessOptions): AsyncGenerator<AccessState> {
  const { orgId, orgSlug, sessionId, membershipId, signal } = options;
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(orgId, 'access'), { signal });
  try {
    let last = options.initial;
    // A change committed between the caller's resolve and the subscribe is caught here.
    const check = async () => {
      const current = await stateOf(sessionId, orgSlug, orgId);
      if (same(current, last)) return null;
      last = current;
      return current;
    };
    const first = await check();
    if (first) yield first;
    for await (const item of feed) {
      if (item.kind === 'message' && !concerns(item.message, membershipId)) continue;
      const changed = await check();
      if (changed) yield changed;
      if (signal?.aborted) return;
    }
  } finally {
    feed.close();
  }
}
