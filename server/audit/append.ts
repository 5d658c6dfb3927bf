/**
 * The one writer of audit events. One statement: the insert (the chain trigger sets seq and the
 * hashes under the org's chain-head lock) and, in a data-modifying CTE of the same statement, the
 * outbox row that the relay publishes on `org:<id>:audit` after commit — a live tail wake-up
 * carrying only the seq and action. A mutation's success event goes further: it is held until
 * the transaction's last statement — this module's before-commit hook (server/tenancy/
 * commitHooks.ts) — and written there with the transaction's activity events, because every
 * mutation pays for it (bench/audit.bench.ts): one round trip, the chain head's lock taken before
 * the org's activity lock (decision 013).
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { ACTIVITY_HOOK_ORDER, activityInsertCtes, reportActivityIds, takeHeldActivity } from '../realtime/outbox';
import { beforeCommit, transactionState, type BeforeCommitHook } from '../tenancy/commitHooks';
import { executePrepared, MAX_KEPT_ROWS } from '../tenancy/preparedStatement';
import type { Tx } from '../tenancy/withTenant';
import { countryOf, normalizeIp } from './geo';
import { storableText } from '../shared/safeText';
import { redact } from './redact';
import type { AuditEventInput } from './types';

const MAX_TEXT = 1_000;

function bounded(value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  return storableText(value.length > max ? value.slice(0, max) : value);
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

/** One VALUES row of audit_events (seq and the hashes are set by the chain trigger). */
function auditValues(event: AuditEventInput): SQL {
  if (event.outcome === 'failure' && !event.reason) throw new Error('a failed audit event needs a reason');
  // '::ffff:203.0.113.7' (IPv4 on a dual-stack socket) is stored as the IPv4 address it is.
  const ip = bounded(event.request?.ip ? normalizeIp(event.request.ip) : null, 64);
  return sql`(${event.orgId}::uuid, ${randomUUID()}::uuid, ${(event.occurredAt ?? new Date()).toISOString()}::timestamptz,
              ${event.actor.type}, ${bounded(event.actor.id, 200)}, ${bounded(event.actor.email, 320)},
              ${bounded(event.action, 200)}, ${bounded(event.resource?.type, 100)}, ${bounded(event.resource?.id, 200)},
              ${event.outcome}, ${bounded(event.reason)}, ${ip}, ${bounded(event.request?.userAgent, 512)},
              ${countryOf(ip)}, ${bounded(event.request?.requestId, 64)}, ${jsonOrNull(event.before)}::jsonb,
              ${jsonOrNull(event.after)}::jsonb)`;
}

/**
 * The common table expressions `e` (the audit rows, in order: the trigger chains them) and `o`
 * (their outbox wake-ups), for a statement that selects from `e` — alone (appendAuditEvent) or
 * with the transaction's activity events (writeHeldAudit).
 */
function auditInsertCtes(events: AuditEventInput[]): SQL {
  return sql`e as (
      insert into audit_events (org_id, id, occurred_at, actor_type, actor_id, actor_email, action,
                                resource_type, resource_id, outcome, reason, ip, user_agent, country,
                                request_id, before, after)
      values ${sql.join(events.map(auditValues), sql`, `)}
      returning org_id, seq, action, outcome, actor_type, actor_id
    ), o as (
      insert into outbox (org_id, topic, type, actor_user_id, data)
      select e.org_id, 'audit', e.action, case when e.actor_type = 'user' then e.actor_id::uuid end,
             jsonb_build_object('seq', e.seq, 'outcome', e.outcome)
        from e
    )`;
}

/** Appends an event now (a failure's own transaction, a job's event). */
export async function appendAuditEvent(tx: Tx, event: AuditEventInput): Promise<{ seq: number }> {
  const result = await tx.execute<{ seq: string }>(sql`with ${auditInsertCtes([event])} select seq::text from e`);
  const row = result.rows[0];
  if (!row) throw new Error('audit insert returned no row');
  return { seq: Number(row.seq) };
}

const HELD_AUDIT = Symbol('held audit events');

function heldAuditOf(tx: Tx): AuditEventInput[] {
  return transactionState<AuditEventInput[]>(tx, HELD_AUDIT, () => []);
}

/**
 * Before the activity hook: each org's held audit events and its held activity events in one
 * statement, the audit insert (and its chain-head lock) before the activity lock.
 */
const writeHeldAudit: BeforeCommitHook = {
  order: ACTIVITY_HOOK_ORDER - 10,
  async run(tx) {
    const held = heldAuditOf(tx).splice(0);
    for (const orgId of new Set(held.map((event) => event.orgId))) {
      const audit = held.filter((event) => event.orgId === orgId);
      const activity = takeHeldActivity(tx, orgId);
      const keep = audit.length + activity.length <= MAX_KEPT_ROWS;
      if (activity.length === 0) {
        await executePrepared(tx, sql`with ${auditInsertCtes(audit)} select 1`, { keep });
        continue;
      }
      const result = await executePrepared<{ id: string }>(
        tx,
        sql`with ${auditInsertCtes(audit)}, ${activityInsertCtes(orgId, activity, true)} select id from a`,
        { keep },
      );
      reportActivityIds(activity, result.rows);
    }
  },
};

/**
 * A mutation's success event: written with the transaction's last statement, just before COMMIT
 * (writeHeldAudit), so it commits with the change or not at all and costs no round trip of its own.
 */
export function recordAuditEventAtCommit(tx: Tx, event: AuditEventInput): void {
  // Refused now, in the resolver's stack, rather than at COMMIT.
  if (event.outcome === 'failure' && !event.reason) throw new Error('a failed audit event needs a reason');
  heldAuditOf(tx).push({ ...event, occurredAt: event.occurredAt ?? new Date() });
  beforeCommit(tx, writeHeldAudit);
}
