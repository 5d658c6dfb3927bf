/**
 * Test fixtures for the webhook tests: the outbound-URL switch flipped for one block, and
 * messages, deliveries and attempts written as the delivery engine would leave them. Only
 * imported by *.test.ts files.
 */
import { adminQuery } from '../../test/db';
import { env } from '../env';
import { newMessageId } from './messageId';

/** Runs `fn` with OUTBOUND_ALLOW_PRIVATE_URLS as given, then restores it. */
export async function withPrivateUrls<T>(allowed: boolean, fn: () => Promise<T>): Promise<T> {
  const before = env.outboundAllowPrivate;
  env.outboundAllowPrivate = allowed;
  try {
    return await fn();
  } finally {
    env.outboundAllowPrivate = before;
  }
}

export type SeededDelivery = { id: string; messageId: string };

/** A message of `eventType` and its delivery to the endpoint, in the given state. */
export async function seedDelivery(
  orgId: string,
  endpointId: string,
  state: { status: 'pending' | 'succeeded' | 'failed'; attemptCount?: number; createdAt?: Date; eventType?: string },
): Promise<SeededDelivery> {
  const messageId = newMessageId();
  const eventType = state.eventType ?? 'member.joined';
  const createdAt = state.createdAt ?? new Date();
  await adminQuery(
    `insert into webhook_messages (org_id, id, event_type, payload, created_at) values ($1, $2, $3, $4, $5)`,
    [
      orgId,
      messageId,
      eventType,
      { type: eventType, timestamp: createdAt.toISOString(), data: { seeded: true } },
      createdAt,
    ],
  );
  const [row] = await adminQuery<{ id: string }>(
    `insert into webhook_deliveries (org_id, endpoint_id, message_id, status, attempt_count, last_attempt_at,
                                     last_response_status, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, case when $5 > 0 then $6::timestamptz end, case when $4 = 'succeeded' then 200
             when $4 = 'failed' then 500 end, case when $4 = 'pending' then $6::timestamptz end, $6)
     returning id::text`,
    [orgId, endpointId, messageId, state.status, state.attemptCount ?? 0, createdAt],
  );
  return { id: row!.id, messageId };
}

/** One attempt of a delivery as the engine records it. */
export async function seedAttempt(
  orgId: string,
  deliveryId: string,
  attempt: { attemptNumber: number; responseStatus: number | null; error?: string; headers?: Record<string, string> },
): Promise<void> {
  await adminQuery(
    `insert into webhook_attempts (org_id, delivery_id, attempt_number, trigger, started_at, duration_ms,
                                   response_status, response_body_excerpt, error, request_url, request_headers)
     values ($1, $2, $3, 'scheduled', now(), 42, $4, $5, $6, 'https://hooks.example.test/in', $7)`,
    [
      orgId,
      deliveryId,
      attempt.attemptNumber,
      attempt.responseStatus,
      attempt.responseStatus ? 'nope' : '',
      attempt.error ?? null,
      attempt.headers ?? { 'webhook-id': 'msg_x', 'webhook-signature': 'v1,abc' },
    ],
  );
}
