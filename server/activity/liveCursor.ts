/**
 * What one live activity subscriber has seen, shared by both ways of delivering it (the tRPC
 * generator in live.ts and the direct frames in liveTail.ts): the cursor a database read resumes
 * from, the ids already delivered (an event seen both in a replay and live is sent once), and the
 * reader deciding which events this member may see. Also the per-process cache that parses (and
 * frames) each published message once, whatever the number of local subscribers.
 */
import { AppError } from '../errors';
import { SharedFrames } from '../realtime/liveFrames';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import type { ActivityReader } from './eventPermissions';
import { resourceOf } from '../shared/activityResources';
import { activityAfter } from './service';
import type { ActivityEvent } from '../shared/activityEvent';

export const REPLAY_PAGE = 500;

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

export class ActivityCursor {
  private readonly delivered: DeliveredIds;

  constructor(
    private readonly orgId: string,
    private readonly actor: Principal,
    /** The client already has everything up to here. */
    private readonly floor: number,
    /** Where a database read resumes. */
    public cursor: number,
    /** Replaced when the member's access changes (live.ts). */
    public reader: ActivityReader,
    rememberedIds: number,
  ) {
    this.delivered = new DeliveredIds(rememberedIds);
  }

  /**
   * Whether to deliver this event: new to the subscriber, and readable by them. Moves the cursor,
   * and remembers the id, so the same event seen again (live after a database read, or published
   * twice) is not delivered twice.
   */
  accept(event: ActivityEvent): boolean {
    if (event.id <= this.floor || this.delivered.has(event.id)) return false;
    this.delivered.add(event.id);
    if (event.id > this.cursor) this.cursor = event.id;
    return this.reader.canRead(event.type);
  }

  /**
   * `accept` for a message handed out by the process's live group (liveGroup.ts), which drops
   * ids it has handed out before: only the ids this subscriber had from elsewhere (its database
   * reads, its own feed) are checked, and nothing is remembered — the fan-out's per-member cost.
   */
  acceptLive(message: LiveMessage): boolean {
    const id = message.event.id;
    if (id <= this.floor || this.delivered.has(id)) return false;
    if (id > this.cursor) this.cursor = id;
    return this.reader.canReadResource(message.resource);
  }

  /** The next page of readable events after the cursor (a short tenant transaction); moves the cursor past it. */
  async readPage(): Promise<{ events: ActivityEvent[]; isLast: boolean }> {
    const reader = this.reader;
    const events = await withTenant(this.orgId, this.actor, (tx) =>
      activityAfter(tx, reader, this.cursor, REPLAY_PAGE),
    );
    const accepted = events.filter((event) => this.accept(event));
    const lastId = events.at(-1)?.id ?? 0;
    if (lastId > this.cursor) this.cursor = lastId;
    return { events: accepted, isLast: events.length < REPLAY_PAGE };
  }
}

/** A member's access ended while their feed was open (deactivated, removed, or activity:read gone). */
export function accessEndedError(): AppError {
  return new AppError('FEED_ACCESS_ENDED');
}

export type LiveMessage = { event: ActivityEvent; resource: string; frames: SharedFrames };

/**
 * One JSON.parse (and one serialization into frames) per published message per process, not one
 * per subscriber: the bus hands every subscriber of a channel the same string. Shared, so never
 * mutated.
 */
const liveMessages = new Map<string, LiveMessage>();
const LIVE_MESSAGES_KEPT = 256;

export function liveMessage(message: string): LiveMessage {
  let entry = liveMessages.get(message);
  if (!entry) {
    const event = JSON.parse(message) as ActivityEvent;
    entry = { event, resource: resourceOf(event.type), frames: new SharedFrames(event.id, event) };
    liveMessages.set(message, entry);
    if (liveMessages.size > LIVE_MESSAGES_KEPT) {
      const oldest = liveMessages.keys().next().value;
      if (oldest !== undefined) liveMessages.delete(oldest);
    }
  }
  return entry;
}

type AccessScope = { all: boolean; membershipIds: ReadonlySet<string> };
/** Every subscriber of the org is handed the same 'access' message: it is parsed once. */
let lastAccess: { message: string; scope: AccessScope } | null = null;

function accessScope(message: string): AccessScope {
  if (lastAccess?.message === message) return lastAccess.scope;
  let scope: AccessScope = { all: false, membershipIds: new Set() };
  try {
    const data = (JSON.parse(message) as { data?: { membershipIds?: unknown; all?: unknown } }).data ?? {};
    const ids = Array.isArray(data.membershipIds) ? data.membershipIds.filter((id) => typeof id === 'string') : [];
    scope = { all: data.all === true, membershipIds: new Set(ids) };
  } catch {
    // Unreadable: concerns nobody.
  }
  lastAccess = { message, scope };
  return scope;
}

/** Whether an 'access' message (server/access/live.ts) names this membership or everyone. */
export function accessEventConcerns(message: string, membershipId: string): boolean {
  const scope = accessScope(message);
  return scope.all || scope.membershipIds.has(membershipId);
}
