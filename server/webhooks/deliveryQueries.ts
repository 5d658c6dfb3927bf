/**
 * Reading an endpoint's deliveries (newest first, keyset-paged) and one delivery with its body
 * and every attempt, in the caller's tenant transaction. The attempts' request headers are the
 * ones sent: signatures, never the secret.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './deliveryCursor';
import { getEndpoint } from './endpointQueries';
import { isoMs, isoUs } from './isoSql';
import type { DeliveriesInput, DeliveryDetail, DeliveryPage, DeliverySummary } from './schemas';

/** Attempts shown with a delivery: its whole history, bounded should replays pile up. */
const MAX_ATTEMPTS_SHOWN = 200;

type SummaryRow = {
  id: string;
  message_id: string;
  event_type: string;
  status: DeliverySummary['status'];
  attempt_count: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  created_at: string;
  cursor_at: string;
};

const SUMMARY_COLUMNS = sql`
  d.id::text, d.message_id, m.event_type, d.status, d.attempt_count,
  ${isoMs(sql`d.next_attempt_at`)} as next_attempt_at, ${isoMs(sql`d.last_attempt_at`)} as last_attempt_at,
  d.last_response_status, ${isoMs(sql`d.created_at`)} as created_at, ${isoUs(sql`d.created_at`)} as cursor_at`;

function toSummary(row: SummaryRow): DeliverySummary {
  return {
    id: row.id,
    messageId: row.message_id,
    eventType: row.event_type,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastResponseStatus: row.last_response_status,
    createdAt: row.created_at,
  };
}

export async function listDeliveries(tx: Tx, orgId: string, input: DeliveriesInput): Promise<DeliveryPage> {
  await getEndpoint(tx, orgId, input.endpointId);
  const after = input.cursor ? decodeDeliveryCursor(input.cursor) : null;
  const result = await tx.execute<SummaryRow>(sql`
    select ${SUMMARY_COLUMNS}
      from webhook_deliveries d
      join webhook_messages m on m.org_id = d.org_id and m.id = d.message_id
     where d.org_id = ${orgId} and d.endpoint_id = ${input.endpointId}
       ${input.status ? sql`and d.status = ${input.status}` : sql``}
       ${after ? sql`and (d.created_at, d.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
     order by d.created_at desc, d.id desc
     limit ${input.limit + 1}`);
  const rows = result.rows.slice(0, input.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toSummary),
    nextCursor:
      result.rows.length > input.limit && last ? encodeDeliveryCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

type DetailRow = SummaryRow & { endpoint_id: string; url: string; payload: unknown };

type AttemptRow = {
  id: string;
  attempt_number: number;
  trigger: DeliveryDetail['attempts'][number]['trigger'];
  started_at: string;
  duration_ms: number;
  response_status: number | null;
  response_body_excerpt: string;
  error: string | null;
  request_url: string;
  request_headers: Record<string, string>;
};

export async function getDelivery(tx: Tx, orgId: string, deliveryId: string): Promise<DeliveryDetail> {
  const found = await tx.execute<DetailRow>(sql`
    select ${SUMMARY_COLUMNS}, d.endpoint_id::text, e.url, m.payload
      from webhook_deliveries d
      join webhook_messages m on m.org_id = d.org_id and m.id = d.message_id
      join webhook_endpoints e on e.org_id = d.org_id and e.id = d.endpoint_id
     where d.org_id = ${orgId} and d.id = ${deliveryId}`);
  const row = found.rows[0];
  if (!row) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND');
  const attempts = await tx.execute<AttemptRow>(sql`
    select id::text, attempt_number, trigger, ${isoMs(sql`started_at`)} as started_at, duration_ms,
           response_status, response_body_excerpt, error, request_url, request_headers
      from webhook_attempts
     where org_id = ${orgId} and delivery_id = ${deliveryId}
     order by attempt_number desc, started_at desc
     limit ${MAX_ATTEMPTS_SHOWN}`);
  return {
    delivery: { ...toSummary(row), endpointId: row.endpoint_id, url: row.url },
    payload: row.payload,
    attempts: attempts.rows.reverse().map((attempt) => ({
      id: attempt.id,
      attemptNumber: attempt.attempt_number,
      trigger: attempt.trigger,
      startedAt: attempt.started_at,
      durationMs: attempt.duration_ms,
      responseStatus: attempt.response_status,
      responseBodyExcerpt: attempt.response_body_excerpt,
      error: attempt.error,
      requestUrl: attempt.request_url,
      requestHeaders: attempt.request_headers,
    })),
  };
}
