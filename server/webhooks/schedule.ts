/**
 * The one way to ask for a webhook delivery attempt from inside a tenant transaction: the job is
 * recorded in the outbox (server/jobs/recordJob.ts) and reaches Bull only if the transaction
 * commits. The job id names the delivery and its attempt, so a sweeper re-recording an overdue
 * attempt cannot start it twice while the first job exists.
 */
import { sql, type SQL } from 'drizzle-orm';
import { deliverWebhook } from '../jobs/definitions/deliverWebhook';
import { recordJob } from '../jobs/recordJob';
import type { Tx } from '../tenancy/withTenant';

export type DeliveryTrigger = 'scheduled' | 'replay' | 'test';

/** The Bull job id of one attempt of one delivery. */
export function deliveryJobId(deliveryId: string, attemptNumber: number): string {
  return `webhook:${deliveryId}:${attemptNumber}`;
}

export async function scheduleDelivery(
  tx: Tx,
  delivery: { orgId: string; deliveryId: string; attemptNumber: number; trigger: DeliveryTrigger; delayMs?: number },
): Promise<void> {
  await recordJob(
    tx,
    deliverWebhook,
    { orgId: delivery.orgId, deliveryId: delivery.deliveryId, trigger: delivery.trigger },
    { delayMs: delivery.delayMs, jobId: deliveryJobId(delivery.deliveryId, delivery.attemptNumber) },
  );
}

/**
 * The statement part that records, for every delivery id the CTE named `deliveries` returns (its
 * column `id`), the same 'jobs' outbox row scheduleDelivery records for a first scheduled attempt
 * — for the relay's fan-out, which makes many deliveries in one statement. The payload is built
 * from the org and the inserted uuids only, so it passes the job's schema by construction; the
 * worker checks it again anyway (jobs/processors/runJob.ts).
 */
export function recordFirstAttemptsSql(orgId: string, deliveries: string): SQL {
  if (deliverWebhook.holdsSecret) throw new Error('deliverWebhook payloads would have to be sealed here');
  return sql`insert into outbox (org_id, topic, type, actor_user_id, data)
    select ${orgId}::uuid, 'jobs', ${deliverWebhook.name}, null,
           jsonb_build_object(
             'payload', jsonb_build_object('orgId', ${orgId}::text, 'deliveryId', d.id::text, 'trigger', 'scheduled'),
             'jobId', 'webhook:' || d.id::text || ':1')
      from ${sql.raw(deliveries)} d
     order by d.id`;
}
