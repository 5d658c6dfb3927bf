/**
 * The live activity stream of one subscriber. Order of work is what makes it gap-free:
 *   1. subscribe to the org's channel (confirmed by Redis; messages buffer from here on),
 *   2. replay from the database what the client has not seen (after `lastEventId`),
 *   3. yield live messages, skipping ids already delivered,
 *   4. after a bus reconnect, re-read the database from the last delivered id — also when the
 *      buffered live messages pass `maxBuffered` (they are dropped: memory stays bounded).
 * Events the reader may not see (eventPermissions.ts) are skipped in both paths: the replay asks
 * the database for readable ones only, the live path checks each event's type.
 * Database reads are short tenant transactions; nothing is held open while waiting for events.
 *
 * Over our WebSocket (`handoff`), steps 3–4 leave tRPC's per-message loop once the replay is
 * sent: the generator yields the handoff and liveTail.ts writes pre-built frames to the socket
 * by the same rules (server/realtime/liveFrames.ts, docs/decisions/011-live-fanout.md).
 * With `access`, an 'access' event naming the member (or everyone) re-resolves their reader, and
 * the stream ends with FORBIDDEN when they may no longer read the feed.
 */
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { getBus, type Bus } from '../realtime/bus';
import { DEFAULT_MAX_BUFFERED, openChannelFeed } from '../realtime/channelFeed';
import type { LiveHandoff } from '../realtime/trpcFrames';
import { channelFor } from '../realtime/outbox';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import { EVERY_ACTIVITY, type ActivityReader } from './eventPermissions';
import { ActivityCursor, accessEndedError, accessEventConcerns, liveMessage } from './liveCursor';
import { joinLiveGroup } from './liveGroup';
import { LiveTail } from './liveTail';
import { latestActivityId } from './service';
import type { ActivityEvent } from '../shared/activityEvent';

/**
 * A duplicate can only come from live messages buffered while a replay read the same events (at
 * most the feed's buffer) or from the relay publishing a batch again: remembering twice the buffer
 * covers both, and keeps a subscriber's memory small when thousands are connected.
 */
const REMEMBERED_PER_BUFFERED = 2;

export type LiveAccessWatch = {
  membershipId: string;
  /** The member's reader as of now; null when they may no longer read the feed. */
  resolveReader: () => Promise<ActivityReader | null>;
};

export type LiveActivityOptions = {
  orgId: string;
  actor: Principal;
  /** What this member may see; every event when omitted (system actors). */
  reader?: ActivityReader;
  /** The last id the client has (from `tracked`); null for a fresh subscription. */
  lastEventId: number | null;
  signal?: AbortSignal;
  bus?: Bus;
  maxBuffered?: number;
  /** Follow the member's permission changes ('access' events) while the stream is open. */
  access?: LiveAccessWatch;
  /** Only over our WebSocket endpoint: yielded once the replay is sent, to take the live tail off tRPC. */
  handoff?: LiveHandoff;
};

export async function* liveActivity(options: LiveActivityOptions): AsyncGenerator<TrackedEnvelope<ActivityEvent>> {
  const { orgId, actor, signal, access } = options;
  const bus = options.bus ?? getBus();
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  const feed = await openChannelFeed(bus, channelFor(orgId, 'activity'), {
    signal,
    maxBuffered,
    // Falling behind (a long replay while events pour in) re-reads the database, like a reconnect.
    onOverflow: 'resync',
  });
  let tail: LiveTail | null = null;
  // Re-resolutions of the reader not yet applied (before the handoff), in order.
  let readerUpdate: Promise<ActivityReader | null> | null = null;
  const onAccessChange = () => {
    if (!access) return;
    if (tail) return tail.onAccessChange();
    const update = (readerUpdate ?? Promise.resolve(null)).then(() => access.resolveReader());
    update.catch(() => undefined); // surfaced where it is awaited
    readerUpdate = update;
  };
  const stopWatching: Array<() => void> = [];
  try {
    if (access) {
      const channel = channelFor(orgId, 'access');
      stopWatching.push(
        await bus.subscribe(channel, (m) => accessEventConcerns(m, access.membershipId) && onAccessChange()),
      );
      // Access events may have been missed while the bus was away.
      stopWatching.push(bus.onReconnect(onAccessChange));
      // A change committed between the gate's resolve and this subscription is caught here.
      onAccessChange();
    }
    // A fresh subscriber starts from now: an event committed before it subscribed is not news to
    // it, even when the relay publishes it (again) afterwards.
    const start = options.lastEventId ?? (await withTenant(orgId, actor, (tx) => latestActivityId(tx)));
    const state = new ActivityCursor(
      orgId,
      actor,
      start,
      start,
      options.reader ?? EVERY_ACTIVITY,
      REMEMBERED_PER_BUFFERED * maxBuffered,
    );

    const applyReaderUpdate = async () => {
      while (readerUpdate) {
        const update = readerUpdate;
        const reader = await update;
        if (readerUpdate === update) readerUpdate = null;
        if (!reader) throw accessEndedError();
        state.reader = reader;
      }
    };

    async function* fromDatabase() {
      for (;;) {
        await applyReaderUpdate();
        const page = await state.readPage();
        for (const event of page.events) yield tracked(String(event.id), event);
        if (page.isLast || signal?.aborted) return;
      }
    }

    if (options.lastEventId !== null) yield* fromDatabase();
    if (options.handoff && !signal?.aborted) {
      await applyReaderUpdate();
      // Encoded by tRPC but never sent: the endpoint attaches the socket (server/realtime/trpcFrames.ts).
      yield options.handoff as unknown as TrackedEnvelope<ActivityEvent>;
      const { framePrefix, socket } = options.handoff;
      if (framePrefix !== null && socket !== null) {
        tail = new LiveTail({
          socket,
          framePrefix,
          state,
          feed,
          join: (member) => joinLiveGroup(bus, channelFor(orgId, 'activity'), member),
          maxBuffered,
          signal,
          resolveReader: access?.resolveReader,
        });
        // Changes seen since the last update was applied are re-resolved by the tail first.
        if (readerUpdate) {
          readerUpdate = null;
          tail.onAccessChange();
        }
        tail.start();
        await tail.done;
        return;
      }
    }
    for await (const item of feed) {
      if (item.kind === 'reconnected') {
        yield* fromDatabase();
        continue;
      }
      const { event } = liveMessage(item.message);
      await applyReaderUpdate();
      if (state.accept(event)) yield tracked(String(event.id), event);
    }
  } finally {
    for (const stop of stopWatching) stop();
    tail?.stop();
    feed.close();
  }
}
