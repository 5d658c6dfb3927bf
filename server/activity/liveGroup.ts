/**
 * Every live tail of one org's activity channel in this process, fed by one bus listener: each
 * published message is parsed, de-duplicated and framed once, then handed to the tails in one
 * loop (liveTail.ts decides per member, in a few comparisons, and writes the shared frame). With
 * thousands of members of one org online, this loop is the fan-out (docs/decisions/011).
 *
 * The relay publishes at least once (outboxRelay.ts), so a batch may be published again; the
 * group drops an id it has already handed out, for all its tails at once. A tail that joined
 * later has that event from its own feed or database read, and remembers those ids itself.
 * A bus reconnect is passed to every tail, which then re-reads the database from its cursor.
 */
import { logger } from '../logger';
import type { Bus, Unsubscribe } from '../realtime/bus';
import { liveMessage, type LiveMessage } from './liveCursor';

export type LiveGroupMember = {
  deliver(message: LiveMessage): void;
  /** Messages may have been missed while the bus was away. */
  onReconnected(): void;
};

/** Ids handed out recently: a republished batch is at most one relay batch (500) old. */
const REMEMBERED_IDS = 8_192;

class RecentIds {
  private readonly ring = new Float64Array(REMEMBERED_IDS);
  private readonly ids = new Set<number>();
  private next = 0;

  /** Adds the id; false when it was already there. */
  add(id: number): boolean {
    if (this.ids.has(id)) return false;
    if (this.ids.size >= REMEMBERED_IDS) this.ids.delete(this.ring[this.next]!);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % REMEMBERED_IDS;
    this.ids.add(id);
    return true;
  }
}

class LiveGroup {
  readonly members = new Set<LiveGroupMember>();
  private readonly seen = new RecentIds();
  stop: Unsubscribe = () => undefined;

  readonly onMessage = (message: string): void => {
    let live: LiveMessage;
    try {
      live = liveMessage(message);
    } catch (error) {
      logger.error({ err: error }, 'unreadable live activity message');
      return;
    }
    if (!this.seen.add(live.event.id)) return;
    for (const member of this.members) member.deliver(live);
  };

  readonly onReconnect = (): void => {
    for (const member of this.members) member.onReconnected();
  };
}

const groups = new WeakMap<Bus, Map<string, LiveGroup>>();

/**
 * Adds a tail to its channel's group, subscribing the group when it is the first. Synchronous
 * when the channel is already subscribed on the bus (the tail's own feed holds it while it
 * joins), so no message falls between the feed and the group. Returns the tail's departure.
 */
export function joinLiveGroup(bus: Bus, channel: string, member: LiveGroupMember): Unsubscribe {
  let byChannel = groups.get(bus);
  if (!byChannel) {
    byChannel = new Map();
    groups.set(bus, byChannel);
  }
  let group = byChannel.get(channel);
  if (!group) {
    const created = new LiveGroup();
    byChannel.set(channel, created);
    const stopReconnect = bus.onReconnect(created.onReconnect);
    let unsubscribe: Unsubscribe | null = null;
    let isStopped = false;
    // bus.subscribe registers the listener before it resolves; the promise only confirms Redis.
    bus.subscribe(channel, created.onMessage).then(
      (off) => (isStopped ? off() : (unsubscribe = off)),
      (error: unknown) =>
        logger.warn({ err: error, channel }, 'live group could not subscribe; tails resume on reconnect'),
    );
    created.stop = () => {
      isStopped = true;
      stopReconnect();
      unsubscribe?.();
    };
    group = created;
  }
  const joined = group;
  joined.members.add(member);
  return () => {
    if (!joined.members.delete(member) || joined.members.size > 0) return;
    if (byChannel.get(channel) === joined) byChannel.delete(channel);
    joined.stop();
  };
}
