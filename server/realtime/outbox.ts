/**
 * The one way to publish a live event: write it to the outbox inside the tenant transaction of
 * the change it describes. It becomes visible (and is relayed to Redis) only if that commits.
 *
 * Activity events are the org's feed, and a client resumes the feed after the last id it has
 * (`lastEventId`): their ids must follow commit order, or an event committed late under a lower
 * id would fall behind a client that already resumed past it. So inside withTenant they are held
 * until the transaction's work is done and written by this module's before-commit hook (server/
 * tenancy/commitHooks.ts), under a per-org lock held to the commit: whichever transaction writes
 * its events first also commits first. Written last, the lock is the last one a transaction takes
 * (decision 013): when the transaction also records an audit event, the audit hook runs first and
 * writes these events in its own statement, after the chain head's lock (server/audit/append.ts);
 * this hook writes what is left. So it cannot be part of a deadlock. The relay publishes each
 * org's rows in id order, one relay per org at a time (outboxRelay.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { outbox } from '../../db/schema';
import { channelName } from '../redis';
import { beforeCommit, transactionState, type BeforeCommitHook } from '../tenancy/commitHooks';
import { executePrepared, MAX_KEPT_ROWS } from '../tenancy/preparedStatement';
import type { Tx } from '../tenancy/withTenant';

/**
 * 'activity': the org's feed. 'access': members' effective permissions may have changed.
 * 'invitations': an invitation was sent, resent, revoked or accepted (the invitations page).
 * 'audit': an audit event was recorded (written by server/audit/append.ts; the audit live tail).
 * 'notifications': some members' inboxes changed (data.userIds; server/notifications/).
 * 'usage': the org's usage roll-ups changed (type 'usage.updated', data `{ metrics, fromHour,
 * toHour }`: which metrics, over which UTC hours, ISO times; server/usage/) — live usage charts.
 * 'jobs': a background job to start once this commits (server/jobs/recordJob.ts); never published
 * to Redis: the relay hands it to the job queue and deletes it.
 */
export type Topic = 'activity' | 'access' | 'invitations' | 'audit' | 'notifications' | 'usage' | 'jobs';

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

export type HeldActivity = { event: OutboxEventInput; onWritten?: (id: number) => void };

const HELD_ACTIVITY = Symbol('held activity events');

function heldActivityOf(tx: Tx): HeldActivity[] {
  return transactionState<HeldActivity[]>(tx, HELD_ACTIVITY, () => []);
}

/**
 * The transaction's held activity events of `orgId`, taken for writing (they are no longer held):
 * the audit hook writes them in its statement when the transaction records an audit event too.
 */
export function takeHeldActivity(tx: Tx, orgId: string): HeldActivity[] {
  const held = heldActivityOf(tx);
  const taken = held.filter((item) => item.event.orgId === orgId);
  if (taken.length > 0) held.splice(0, held.length, ...held.filter((item) => item.event.orgId !== orgId));
  return taken;
}

/** Runs after the audit hook (decision 013: the chain head's lock before the activity lock). */
export const ACTIVITY_HOOK_ORDER = 20;

const writeHeldActivity: BeforeCommitHook = {
  order: ACTIVITY_HOOK_ORDER,
  async run(tx) {
    const held = heldActivityOf(tx);
    for (const orgId of new Set(held.map((item) => item.event.orgId))) {
      const activity = takeHeldActivity(tx, orgId);
      const result = await executePrepared<{ id: string }>(
        tx,
        sql`with ${activityInsertCtes(orgId, activity, false)} select id from a`,
        { keep: activity.length <= MAX_KEPT_ROWS },
      );
      reportActivityIds(activity, result.rows);
    }
  },
};

/** Per-org transaction lock ordering activity ids by commit. */
const ACTIVITY_ORDER_LOCK = ADVISORY_LOCKS.activityOrder;

export async function recordEvent(tx: Tx, event: OutboxEventInput, options: RecordOptions = {}): Promise<void> {
  if (event.topic === 'activity') {
    heldActivityOf(tx).push({ event, onWritten: options.onWritten });
    beforeCommit(tx, writeHeldActivity);
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
