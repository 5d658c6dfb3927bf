/**
 * The one way to publish a live event: write it to the outbox inside the tenant transaction of
 * the change it describes. It becomes visible (and is relayed to Redis) only if that commits.
 *
 * Activity events are the org's feed, and a client resumes the feed after the last id it has
 * (`lastEventId`): their ids must follow commit order, or an event committed late under a lower
 * id would fall behind a client that already resumed past it. So inside withTenant they are held
 * until the transaction's work is done and written just before COMMIT, under a per-org lock held
 * to the commit: whichever transaction writes its events first also commits first. Written last,
 * the lock is the last one a transaction takes, so it cannot be part of a deadlock. The relay
 * publishes each org's rows in id order, one relay per org at a time (outboxRelay.ts).
 */
import { sql } from 'drizzle-orm';
import { outbox } from '../../db/schema';
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

type HeldEvent = { event: OutboxEventInput; onWritten?: (id: number) => void };

/** Activity events recorded in a withTenant transaction, written by writeHeldActivity before COMMIT. */
const heldActivity = new WeakMap<Tx, HeldEvent[]>();

/** Per-org transaction lock ordering activity ids by commit (advisory lock class, see server/teams/teamStore.ts). */
const ACTIVITY_ORDER_LOCK = 7242102;

export function holdActivityUntilCommit(tx: Tx): void {
  heldActivity.set(tx, []);
}

/** After the transaction ended (committed or rolled back): nothing is held for its connection. */
export function forgetHeldActivity(tx: Tx): void {
  heldActivity.delete(tx);
}

export async function recordEvent(tx: Tx, event: OutboxEventInput, options: RecordOptions = {}): Promise<void> {
  if (event.topic === 'activity') {
    const held = heldActivity.get(tx);
    if (held) {
      held.push({ event, onWritten: options.onWritten });
      return;
    }
    // Outside withTenant (no commit to wait for): written now, under the same lock.
    return writeActivity(tx, [{ event, onWritten: options.onWritten }]);
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

/** Called by withTenant after the transaction's work, right before COMMIT. */
export async function writeHeldActivity(tx: Tx): Promise<void> {
  const held = heldActivity.get(tx);
  heldActivity.delete(tx);
  if (held && held.length > 0) await writeActivity(tx, held);
}

/** One statement: the org's lock, then the rows in the order they were recorded (ids assigned after the lock). */
async function writeActivity(tx: Tx, held: HeldEvent[]): Promise<void> {
  const byOrg = new Map<string, HeldEvent[]>();
  for (const item of held) byOrg.set(item.event.orgId, [...(byOrg.get(item.event.orgId) ?? []), item]);
  for (const [orgId, items] of byOrg) {
    const rows = items.map((item, n) => ({
      n,
      type: item.event.type,
      actor_user_id: item.event.actorUserId,
      data: item.event.data ?? {},
    }));
    const result = await tx.execute<{ id: string }>(sql`
      with ordered as (select pg_advisory_xact_lock(${ACTIVITY_ORDER_LOCK}::int, hashtext(${orgId}::text)))
      insert into outbox (org_id, topic, type, actor_user_id, data)
      select ${orgId}::uuid, 'activity', e.type, e.actor_user_id, coalesce(e.data, '{}'::jsonb)
        from ordered, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as e(n int, type text, actor_user_id uuid, data jsonb)
       order by e.n
      returning id`);
    const ids = result.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    if (ids.length !== items.length) throw new Error('activity insert returned a different number of rows');
    items.forEach((item, i) => item.onWritten?.(ids[i]!));
  }
}

export function channelFor(orgId: string, topic: Topic): string {
  return `org:${orgId}:${topic}`;
}
