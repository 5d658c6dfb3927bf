/**
 * Webhook messages from the org's activity, made by the outbox relay inside the transaction that
 * publishes the activity rows (the relay's `onActivityRelayed`, wired in server/index.ts): what is
 * written here commits together with the rows being marked published, so each event becomes at
 * most one message (and `source_outbox_id` is unique per org besides) and none is lost.
 *
 * For every activity row whose type is in the catalogue (server/shared/webhookEvents.ts) and that
 * at least one enabled endpoint of the org subscribes to, one statement inserts the message, one
 * pending delivery per subscribed enabled endpoint, and one deliverWebhooks drain of the org in
 * the outbox (./schedule.ts) — one job for the relay's whole batch, not one per delivery. The relay is hot: rows of no catalogue type cost nothing, and an org
 * without a subscribed enabled endpoint costs that one statement, which then writes nothing.
 */
import { sql } from 'drizzle-orm';
import type { RelayedActivity } from '../realtime/outboxRelay';
import { isWebhookEventType } from '../shared/webhookEvents';
import type { Tx } from '../tenancy/withTenant';
import { newMessageId } from './messageId';
import { recordDrainSql } from './schedule';

/** The JSON body every receiver gets. */
export type WebhookPayload = {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  actor: { type: 'user'; id: string } | null;
};

export function webhookPayloadOf(row: RelayedActivity): WebhookPayload {
  return {
    type: row.type,
    timestamp: row.createdAt.toISOString(),
    data: row.data,
    actor: row.actorUserId ? { type: 'user', id: row.actorUserId } : null,
  };
}

/** Makes the messages, deliveries and the org's drain job of these activity rows; returns the number of deliveries. */
export async function fanOutToWebhooks(tx: Tx, orgId: string, rows: readonly RelayedActivity[]): Promise<number> {
  const candidates = rows
    .filter((row) => isWebhookEventType(row.type))
    .map((row) => ({
      outbox_id: row.id,
      message_id: newMessageId(),
      type: row.type,
      payload: webhookPayloadOf(row),
    }));
  if (candidates.length === 0) return 0;
  const result = await tx.execute<{ deliveries: number }>(sql`
    with ep as (
      select id, event_types from webhook_endpoints where org_id = ${orgId}::uuid and is_enabled
    ),
    src as (
      select r.outbox_id, r.message_id, r.type, r.payload
        from jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb)
             as r(outbox_id bigint, message_id text, type text, payload jsonb)
       where exists (select 1 from ep where (r.type = any(ep.event_types) or '*' = any(ep.event_types)))
    ),
    m as (
      insert into webhook_messages (org_id, id, event_type, payload, source_outbox_id)
      select ${orgId}::uuid, src.message_id, src.type, src.payload, src.outbox_id from src order by src.outbox_id
      on conflict (org_id, source_outbox_id) do nothing
      returning id, event_type as type
    ),
    deliveries as (
      insert into webhook_deliveries (org_id, endpoint_id, message_id, next_attempt_at)
      select ${orgId}::uuid, ep.id, m.id, now() from m join ep on (m.type = any(ep.event_types) or '*' = any(ep.event_types))
      returning id
    ),
    jobs as (${recordDrainSql(orgId, 'deliveries')})
    select count(*)::int as deliveries from deliveries`);
  return result.rows[0]?.deliveries ?? 0;
}
