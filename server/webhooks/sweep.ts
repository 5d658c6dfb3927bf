/**
 * What keeps webhook delivery whole when a job goes missing, and the log bounded.
 *
 * The delivery row is the truth (server/jobs/definitions/deliverWebhook.ts): a pending delivery
 * whose `next_attempt_at` passed more than SWEEP_GRACE_MS ago has no live job working on it — its
 * Bull job was lost (Redis flushed, the outbox hand-off never happened) or its worker died mid-send
 * and the lease (./deliverClaim.ts) ran out. The sweeper queues that attempt again under the same
 * job id as the original, so while the original still waits or runs nothing is added; a finished
 * job of that id (it ran and failed, or found the delivery leased) is removed first, or Bull
 * would keep refusing the id. Deliveries of disabled endpoints wait: re-enabling resumes them.
 *
 * Messages are kept WEBHOOK_RETENTION_DAYS; deleting one deletes its deliveries and attempts
 * (foreign keys on delete cascade).
 */
import { sql } from 'drizzle-orm';
import { deliverWebhook } from '../jobs/definitions/deliverWebhook';
import { enqueue } from '../jobs/enqueue';
import { queueFor } from '../jobs/queues';
import type { Tx } from '../tenancy/withTenant';
import { deliveryJobId } from './schedule';

export const SWEEP_GRACE_MS = 60_000;
export const SWEEP_BATCH = 500;
export const WEBHOOK_RETENTION_DAYS = 30;
export const PURGE_WEBHOOKS_BATCH = 5_000;

export type OverdueDelivery = { deliveryId: string; attemptNumber: number };

export async function overdueDeliveries(tx: Tx, orgId: string): Promise<OverdueDelivery[]> {
  const result = await tx.execute<{ id: string; attempt_count: number }>(sql`
    select d.id, d.attempt_count
      from webhook_deliveries d
      join webhook_endpoints e on e.org_id = d.org_id and e.id = d.endpoint_id and e.is_enabled
     where d.org_id = ${orgId}::uuid and d.status = 'pending'
       and d.next_attempt_at < now() - ${SWEEP_GRACE_MS} * interval '1 millisecond'
     order by d.next_attempt_at
     limit ${SWEEP_BATCH}`);
  return result.rows.map((row) => ({ deliveryId: row.id, attemptNumber: row.attempt_count + 1 }));
}

/** Queues the attempt again unless a job for it still waits or runs; true when one was added. */
export async function requeueDelivery(orgId: string, delivery: OverdueDelivery): Promise<boolean> {
  const jobId = deliveryJobId(delivery.deliveryId, delivery.attemptNumber);
  const existing = await queueFor(deliverWebhook).getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed') return false;
    await existing.remove();
  }
  await enqueue(deliverWebhook, { orgId, deliveryId: delivery.deliveryId, trigger: 'scheduled' }, { jobId });
  return true;
}

/** Deletes one batch of the org's messages past retention; the number deleted. */
export async function purgeOldMessages(tx: Tx, orgId: string): Promise<number> {
  const result = await tx.execute(sql`
    delete from webhook_messages
     where org_id = ${orgId}::uuid
       and id in (select id from webhook_messages
                   where org_id = ${orgId}::uuid
                     and created_at < now() - make_interval(days => ${WEBHOOK_RETENTION_DAYS})
                   limit ${PURGE_WEBHOOKS_BATCH})`);
  return result.rowCount ?? 0;
}
