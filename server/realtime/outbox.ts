/**
 * The one way to publish a live event: write it to the outbox inside the tenant transaction of
 * the change it describes. It becomes visible (and is relayed to Redis) only if that commits.
 *
 * Activity events are the org's feed, and a client resumes the feed after the last id it has
 * (`lastEventId`): their ids must follow commit order, or an event committed late under a lower
 * id would fall behind a client that already resumed past it. So inside withTenant they are held
 * until the transaction's work is done and written just before COMMIT (server/tenancy/
 * commitWrites.ts), under a per-org lock held to the commit: whichever transaction writes its
 * events first also commits first. Written last, the lock is the last one a transaction takes
 * (after the audit chain head's, in the same statement), so it cannot be part of a deadlock. The
 * relay publishes each org's rows in id order, one relay per org at a time (outboxRelay.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { outbox } from '../../db/schema';
import { channelName } from '../redis';
import { heldWritesOf, type HeldActivity } from '../tenancy/heldWrites';
import type { Tx } from '../tenancy/withTenant';

/**
 * 'activity': the org's feed. 'access': members' effective permissions may have changed.
 * 'invitations': an invitation was sent, resent, revoked or accepted (the invitations page).
 * 'audit': an audit event was recorded (written by server/audit/append.ts; the audit live tail).
 * 'notifications': some members' inboxes changed (data.userIds; server/notifications/).
 */
export type Topic = 'activity' | 'access' | 'invitations' | 'audit' | 'notifications';

export type OutboxEventInput = {
  orgId: string;
  topic: Topic;
  /** Dotted event name, e.g. 'org.updated', 'member.joined'. */
  type: string;
  actorUserId: string | null;
  data?: Record<string, unknown>;
};

export type RecordOptions = {
  /** Told the event's id once it is written (for an activity event, just before the commit). */
  onWritten?: (id: number) => void;
};

/** Per-org transaction lock ordering activity ids by commit. */
const ACTIVITY_ORDER_LOCK = ADVISORY_LOCKS.activityOrder;

export async function recordEvent(tx: Tx, event: OutboxEventInput, options: RecordOptions = {}): Promise<void> {
  if (event.topic === 'activity') {
    heldWritesOf(tx).activity.push({ event, onWritten: options.onWritten });
    return;
  }
  const [row] = await tx
    .insert(outbox)
    .values({
      orgId: event.orgId,
      topic: event.topic,
      type: event.type,
      actorUserId: event.actorUserId,
      data: event.data ?? {},
    })
    .returning({ id: outbox.id });
  if (!row) throw new Error('outbox insert returned no row');
  options.onWritten?.(row.id);
}

/**
 * The common table expressions `l` (the org's lock) and `a` (the org's held activity rows, ids
 * assigned after the lock, in the order they were recorded). After the audit CTE `e` of the same
 * statement when `afterAudit`: the lock then waits for the audit insert (and its chain-head lock),
 * so every transaction takes the two in the same order.
 */
export function activityInsertCtes(orgId: string, items: HeldActivity[], afterAudit: boolean): SQL {
  const rows = items.map((item, n) => ({
    n,
    type: item.event.type,
    actor_user_id: item.event.actorUserId,
    data: item.event.data ?? {},
  }));
  const after = afterAudit ? sql` from (select 1 from e limit 1) as audited` : sql``;
  return sql`l as (select pg_advisory_xact_lock(${ACTIVITY_ORDER_LOCK}::int, hashtext(${orgId}::text))${after}),
    a as (
      insert into outbox (org_id, topic, type, actor_user_id, data)
      select ${orgId}::uuid, 'activity', r.type, r.actor_user_id, coalesce(r.data, '{}'::jsonb)
        from l, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(n int, type text, actor_user_id uuid, data jsonb)
       order by r.n
      returning id
    )`;
}

/** Tells each held event its id (ids were assigned in the order the events were recorded). */
export function reportActivityIds(items: HeldActivity[], rows: { id: string | number }[]): void {
  const ids = rows.map((row) => Number(row.id)).sort((x, y) => x - y);
  if (ids.length !== items.length) throw new Error('activity insert returned a different number of rows');
  items.forEach((item, i) => item.onWritten?.(ids[i]!));
}

export function channelFor(orgId: string, topic: Topic): string {
  return channelName(`org:${orgId}:${topic}`);
}
