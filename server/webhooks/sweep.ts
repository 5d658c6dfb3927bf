/**
 * What keeps webhook delivery whole when a job goes missing, and the log bounded.
 *
 * The delivery rows are the truth (server/jobs/definitions/deliverWebhooks.ts): a pending delivery
 * of an enabled endpoint whose `next_attempt_at` passed more than SWEEP_GRACE_MS ago has no live
 * drain working on it — the drain's Bull job was lost (Redis flushed, the outbox hand-off never
 * happened) or its worker died mid-send and the lease (./deliverClaim.ts) ran out. The sweeper
 * then queues a drain of the org, due now; a drain still waiting meanwhile finds the work taken
 * and does nothing. Deliveries of disabled endpoints wait: re-enabling resumes them.
 *
 * Messages are kept WEBHOOK_RETENTION_DAYS; deleting one deletes its deliveries and attempts
 * (foreign keys on delete cascade).
 */
import { sql } from 'drizzle-orm';
import { deliverWebhooks } from '../jobs/definitions/deliverWebhooks';
import { enqueue } from '../jobs/enqueue';
import type { Tx } from '../tenancy/withTenant';

export const SWEEP_GRACE_MS = 60_000;
export const WEBHOOK_RETENTION_DAYS = 30;
export const PURGE_WEBHOOKS_BATCH = 5_000;

/** How many of the org's pending deliveries are overdue (counted up to SWEEP_COUNT_LIMIT). */
const SWEEP_COUNT_LIMIT = 1_000;

export async function countOverdueDeliveries(tx: Tx, orgId: string): Promise<number> {
  const result = await tx.execute<{ overdue: number }>(sql`
    select count(*)::int as overdue from (
      select 1
        from webhook_deliveries d
        join webhook_endpoints e on e.org_id = d.org_id and e.id = d.endpoint_id and e.is_enabled
       where d.org_id = ${orgId}::uuid and d.status = 'pending'
         and d.next_attempt_at < now() - ${SWEEP_GRACE_MS} * interval '1 millisecond'
       limit ${SWEEP_COUNT_LIMIT}) overdue`);
  return result.rows[0]?.overdue ?? 0;
}

/** Queues a drain of the org, due now. */
export async function requeueDrain(orgId: string): Promise<void> {
  await enqueue(deliverWebhooks, { orgId });
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
