/**
 * The one writer of audit events. One statement per event: the insert (the chain trigger sets
 * seq and the hashes under the org's chain-head lock) and, in a data-modifying CTE of the same
 * statement, the outbox row that the relay publishes on `org:<id>:audit` after commit — a live
 * tail wake-up carrying only the seq and action. One round trip instead of two because every
 * mutation pays for it (bench/audit.bench.ts); the outbox row is the same row recordEvent
 * (server/realtime/outbox.ts) would write.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../tenancy/withTenant';
import { countryOf, normalizeIp } from './geo';
import { redact } from './redact';
import type { AuditEventInput } from './types';

const MAX_TEXT = 1_000;

function bounded(value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  return value.length > max ? value.slice(0, max) : value;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

export async function appendAuditEvent(tx: Tx, event: AuditEventInput): Promise<{ seq: number; id: string }> {
  if (event.outcome === 'failure' && !event.reason) throw new Error('a failed audit event needs a reason');
  const id = randomUUID();
  // '::ffff:203.0.113.7' (IPv4 on a dual-stack socket) is stored as the IPv4 address it is.
  const ip = bounded(event.request?.ip ? normalizeIp(event.request.ip) : null, 64);
  const actorUserId = event.actor.type === 'user' ? event.actor.id : null;
  const result = await tx.execute<{ seq: string }>(sql`
    with e as (
      insert into audit_events (org_id, id, occurred_at, actor_type, actor_id, actor_email, action,
                                resource_type, resource_id, outcome, reason, ip, user_agent, country,
                                request_id, before, after)
      values (${event.orgId}, ${id}, ${(event.occurredAt ?? new Date()).toISOString()}, ${event.actor.type},
              ${bounded(event.actor.id, 200)}, ${bounded(event.actor.email, 320)}, ${bounded(event.action, 200)},
              ${bounded(event.resource?.type, 100)}, ${bounded(event.resource?.id, 200)}, ${event.outcome},
              ${bounded(event.reason)}, ${ip}, ${bounded(event.request?.userAgent, 512)}, ${countryOf(ip)},
              ${bounded(event.request?.requestId, 64)}, ${jsonOrNull(event.before)}::jsonb, ${jsonOrNull(event.after)}::jsonb)
      returning seq, action, outcome
    ), o as (
      insert into outbox (org_id, topic, type, actor_user_id, data)
      select ${event.orgId}, 'audit', e.action, ${actorUserId}, jsonb_build_object('seq', e.seq, 'outcome', e.outcome)
        from e
    )
    select seq::text from e`);
  const row = result.rows[0];
  if (!row) throw new Error('audit insert returned no row');
  return { seq: Number(row.seq), id };
}
