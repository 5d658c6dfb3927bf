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
 */
import { tracked, type TrackedEnvelope } from '@trpc/server';
import { getBus, type Bus } from '../realtime/bus';
import { DEFAULT_MAX_BUFFERED, openChannelFeed } from '../realtime/channelFeed';
import { channelFor } from '../realtime/outbox';
import type { Actor } from '../tenancy/context';
import { withTenant } from '../tenancy/withTenant';
import { EVERY_ACTIVITY, type ActivityReader } from './eventPermissions';
import { activityAfter, latestActivityId } from './service';
import type { ActivityEvent } from './types';

const REPLAY_PAGE = 500;
/**
 * A duplicate can only come from live messages buffered while a replay read the same events (at
 * most the feed's buffer) or from the relay publishing a batch again: remembering twice the buffer
 * covers both, and keeps a subscriber's memory small when thousands are connected.
 */
const REMEMBERED_PER_BUFFERED = 2;

export type LiveActivityOptions = {
  orgId: string;
  actor: Actor;
  /** What this member may see; every event when omitted (system actors). */
  reader?: ActivityReader;
  /** The last id the client has (from `tracked`); null for a fresh subscription. */
  lastEventId: number | null;
  signal?: AbortSignal;
  bus?: Bus;
  maxBuffered?: number;
};

/** Ids recently delivered, so an event seen both in a replay and live is yielded once. */
class DeliveredIds {
  private readonly ids = new Set<number>();
  constructor(private readonly capacity: number) {}

  has(id: number): boolean {
    return this.ids.has(id);
  }

  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

/**
 * One JSON.parse per published message per process, not one per subscriber: the bus hands every
 * subscriber of a channel the same string. Parsed events are shared, so they are never mutated.
 */
const parsedMessages = new Map<string, ActivityEvent>();
const PARSED_MESSAGES_KEPT = 256;

function parseEvent(message: string): ActivityEvent {
  let event = parsedMessages.get(message);
  if (!event) {
    event = JSON.parse(message) as ActivityEvent;
    parsedMessages.set(message, event);
    if (parsedMessages.size > PARSED_MESSAGES_KEPT) {
      const oldest = parsedMessages.keys().next().value;
      if (oldest !== undefined) parsedMessages.delete(oldest);
    }
  }
  return event;
}

export async function* liveActivity(options: LiveActivityOptions): AsyncGenerator<TrackedEnvelope<ActivityEvent>> {
  const { orgId, actor, signal } = options;
  const reader = options.reader ?? EVERY_ACTIVITY;
  const feed = await openChannelFeed(options.bus ?? getBus(), channelFor(orgId, 'activity'), {
    signal,
    maxBuffered: options.maxBuffered,
    // Falling behind (a long replay while events pour in) re-reads the database, like a reconnect.
    onOverflow: 'resync',
  });
  try {
    // The client already has everything up to `floor`; `cursor` is where a database read resumes.
    const floor = options.lastEventId ?? 0;
    let cursor = options.lastEventId ?? (await withTenant(orgId, actor, (tx) => latestActivityId(tx)));
    const delivered = new DeliveredIds(REMEMBERED_PER_BUFFERED * (options.maxBuffered ?? DEFAULT_MAX_BUFFERED));

    const accept = (event: ActivityEvent): TrackedEnvelope<ActivityEvent> | null => {
      if (event.id <= floor || delivered.has(event.id)) return null;
      delivered.add(event.id);
      cursor = Math.max(cursor, event.id);
      if (!reader.canRead(event.type)) return null;
      return tracked(String(event.id), event);
    };

    async function* fromDatabase() {
      for (;;) {
        const events = await withTenant(orgId, actor, (tx) => activityAfter(tx, reader, cursor, REPLAY_PAGE));
        for (const event of events) {
          const envelope = accept(event);
          if (envelope) yield envelope;
        }
        cursor = Math.max(cursor, events.at(-1)?.id ?? 0);
        if (events.length < REPLAY_PAGE || signal?.aborted) return;
      }
    }

    if (options.lastEventId !== null) yield* fromDatabase();
    for await (const item of feed) {
      if (item.kind === 'reconnected') {
        yield* fromDatabase();
        continue;
      }
      const envelope = accept(parseEvent(item.message));
      if (envelope) yield envelope;
    }
  } finally {
    feed.close();
  }
}
