/**
 * The live usage stream of one member: subscribes to the org's 'usage' channel (outbox topic
 * 'usage', type 'usage.updated', written by the roll-up job) and yields each change — which
 * metrics, over which UTC hours — tracked by its outbox id. The charts themselves are state read
 * from the database, so nothing is replayed: the first item says the stream is open ('ready'); a
 * client that resumes (lastEventId), a bus reconnect and a backlog overflow each yield one
 * 'resync' instead, and the page refetches everything.
 * The stream follows the reader: an 'access' event naming the member (or everyone) re-resolves
 * them as the gate does, and the stream ends with FEED_ACCESS_ENDED once they may no longer read
 * usage; a session that ends closes the socket (decision 014).
 */
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { accessEndedError, accessEventConcerns } from '../activity/liveCursor';
import { getBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';

/**
 * 'ready': the subscription is open (first item of a fresh stream). 'updated': roll-ups of
 * `metrics` changed over [fromHour, toHour]. 'resync': changes may have been missed — refetch all.
 */
export type UsageChange = {
  kind: 'ready' | 'updated' | 'resync';
  metrics: string[];
  fromHour: string | null;
  toHour: string | null;
};

export type LiveUsageOptions = {
  orgId: string;
  /** Resumed after a reconnect: the client may have missed changes. */
  isResuming: boolean;
  /** For session readers: whether they still hold usage:read in this org (re-checked on 'access' events). */
  canStillRead?: () => Promise<boolean>;
  membershipId?: string;
  signal?: AbortSignal;
  bus?: Bus;
};

type PublishedUsage = {
  id?: unknown;
  type?: unknown;
  data?: { metrics?: unknown; fromHour?: unknown; toHour?: unknown };
};

function changeOf(message: string): { id: number; change: UsageChange } | null {
  const event = JSON.parse(message) as PublishedUsage;
  if (event.type !== 'usage.updated' || typeof event.id !== 'number') return null;
  const data = event.data ?? {};
  const metrics = Array.isArray(data.metrics) ? data.metrics.filter((m): m is string => typeof m === 'string') : [];
  return {
    id: event.id,
    change: {
      metrics,
      fromHour: typeof data.fromHour === 'string' ? data.fromHour : null,
      toHour: typeof data.toHour === 'string' ? data.toHour : null,
      kind: 'updated',
    },
  };
}

const RESYNC: UsageChange = { kind: 'resync', metrics: [], fromHour: null, toHour: null };
const READY: UsageChange = { kind: 'ready', metrics: [], fromHour: null, toHour: null };

export async function* liveUsage(options: LiveUsageOptions): AsyncGenerator<TrackedEnvelope<UsageChange>> {
  const { orgId, signal, canStillRead, membershipId } = options;
  const bus = options.bus ?? getBus();
  const feed = await openChannelFeed(bus, channelFor(orgId, 'usage'), {
    signal,
    maxBuffered: 100,
    onOverflow: 'resync',
  });
  let hasAccessEnded = false;
  const stopWatching: Array<() => void> = [];
  // Re-checks run one at a time; an ended access closes the feed, which ends the loop below.
  let check: Promise<void> = Promise.resolve();
  const recheck = () => {
    if (!canStillRead) return;
    check = check
      .then(canStillRead)
      // A failed check fails closed.
      .catch(() => false)
      .then((isAllowed) => {
        if (isAllowed || hasAccessEnded) return;
        hasAccessEnded = true;
        feed.close();
      });
  };
  try {
    if (canStillRead && membershipId) {
      stopWatching.push(
        await bus.subscribe(channelFor(orgId, 'access'), (message) => {
          if (accessEventConcerns(message, membershipId)) recheck();
        }),
      );
      // Access events may have been missed while the bus was away; one committed before the
      // subscription opened is caught by the first check.
      stopWatching.push(bus.onReconnect(recheck));
      recheck();
    }
    let lastId = 0;
    // Subscribed (confirmed by Redis): nothing published from here on is missed.
    yield tracked('0', options.isResuming ? RESYNC : READY);
    for await (const item of feed) {
      if (item.kind === 'reconnected') {
        yield tracked(String(lastId), RESYNC);
        continue;
      }
      const parsed = changeOf(item.message);
      // The relay publishes at least once: a repeated id is not news.
      if (!parsed || parsed.id <= lastId) continue;
      lastId = parsed.id;
      yield tracked(String(parsed.id), parsed.change);
    }
    await check;
    if (hasAccessEnded) throw accessEndedError();
  } finally {
    for (const stop of stopWatching) stop();
    feed.close();
  }
}
