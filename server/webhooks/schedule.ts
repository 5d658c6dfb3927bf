/**
 * The one way to ask for a webhook delivery attempt from inside a tenant transaction: the job is
 * recorded in the outbox (server/jobs/recordJob.ts) and reaches Bull only if the transaction
 * commits. The job id names the delivery and its attempt, so a sweeper re-recording an overdue
 * attempt cannot start it twice while the first job exists.
 */
import { deliverWebhook } from '../jobs/definitions/deliverWebhook';
import { recordJob } from '../jobs/recordJob';
import type { Tx } from '../tenancy/withTenant';

export type DeliveryTrigger = 'scheduled' | 'replay' | 'test';

export async function scheduleDelivery(
  tx: Tx,
  delivery: { orgId: string; deliveryId: string; attemptNumber: number; trigger: DeliveryTrigger; delayMs?: number },
): Promise<void> {
  await recordJob(
    tx,
    deliverWebhook,
    { orgId: delivery.orgId, deliveryId: delivery.deliveryId, trigger: delivery.trigger },
    { delayMs: delivery.delayMs, jobId: `webhook:${delivery.deliveryId}:${delivery.attemptNumber}` },
  );
}
