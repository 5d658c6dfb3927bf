/**
 * Sending deliveries again, now: one (any status) or every failed one of an endpoint. The
 * delivery row is the truth (docs/decisions/025-webhooks.md): it becomes pending, and one drain
 * of the org naming the replayed deliveries is recorded to start once this transaction commits.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { getEndpoint } from './endpointQueries';
import { MAX_REPLAY_FAILED } from './schemas';
import { scheduleDeliveries } from './schedule';

type Requeued = { id: string; attempt_count: number };

async function scheduleReplays(tx: Tx, orgId: string, rows: Requeued[]): Promise<void> {
  await scheduleDeliveries(
    tx,
    orgId,
    rows.map((row) => row.id),
    'replay',
  );
}

export async function replayDelivery(tx: Tx, orgId: string, deliveryId: string): Promise<{ deliveryId: string }> {
  const result = await tx.execute<Requeued>(sql`
    update webhook_deliveries set status = 'pending', next_attempt_at = now()
     where org_id = ${orgId} and id = ${deliveryId}
     returning id::text, attempt_count`);
  if (result.rows.length === 0) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND');
  await scheduleReplays(tx, orgId, result.rows);
  return { deliveryId };
}

/** Every failed delivery of the endpoint, oldest first, at most MAX_REPLAY_FAILED per call. */
export async function replayFailedDeliveries(tx: Tx, orgId: string, endpointId: string): Promise<{ count: number }> {
  await getEndpoint(tx, orgId, endpointId);
  const result = await tx.execute<Requeued>(sql`
    update webhook_deliveries d set status = 'pending', next_attempt_at = now()
      from (select id from webhook_deliveries
             where org_id = ${orgId} and endpoint_id = ${endpointId} and status = 'failed'
             order by created_at, id
             limit ${MAX_REPLAY_FAILED}
             for update) failed
     where d.org_id = ${orgId} and d.id = failed.id
     returning d.id::text, d.attempt_count`);
  await scheduleReplays(tx, orgId, result.rows);
  return { count: result.rows.length };
}
