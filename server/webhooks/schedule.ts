/**
 * The ways to ask for an org's webhook deliveries to be sent, from inside a tenant transaction:
 * a drain job (server/jobs/definitions/deliverWebhooks.ts) recorded in the outbox
 * (server/jobs/recordJob.ts) that reaches Bull only if the transaction commits.
 * - Due now (the fan-out, a replay, a test send): the job id is the outbox row's, one per caller.
 *   Several drains of one org may run at once; the claim's SKIP LOCKED shares the work out.
 * - Due later (the earliest retry): the job starts when that retry is due; its id names the org
 *   and that due time, so every round that finds the same next retry records the same job, once.
 *   The id is to the millisecond, not the second: a drain's own quick retries (the first wait is
 *   5 s, scaled down in tests) fall due within its second, and Bull would refuse its own id.
 */
import { sql, type SQL } from 'drizzle-orm';
import { deliverWebhooks } from '../jobs/definitions/deliverWebhooks';
import { recordJob } from '../jobs/recordJob';
import type { Tx } from '../tenancy/withTenant';
import { DELIVERY_LEASE_MS } from './deliverClaim';

export type DeliveryTrigger = 'scheduled' | 'replay' | 'test';
export type OnDemandTrigger = Exclude<DeliveryTrigger, 'scheduled'>;

/** The Bull job id of the org's drain due at `dueAt` (epoch ms). */
export function drainJobId(orgId: string, dueAt: number): string {
  return `webhooks:${orgId}:${dueAt}`;
}

/**
 * Sends these pending deliveries now, as one attempt each with this trigger. Until the drain
 * takes them they look leased (`next_attempt_at` a lease ahead), so no other drain of the org
 * takes them as scheduled attempts first; if the job is lost, the sweeper sends them once the
 * lease is over, as scheduled attempts.
 */
export async function scheduleDeliveries(
  tx: Tx,
  orgId: string,
  deliveryIds: readonly string[],
  trigger: OnDemandTrigger,
): Promise<void> {
  if (deliveryIds.length === 0) return;
  await tx.execute(sql`
    update webhook_deliveries set next_attempt_at = now() + ${DELIVERY_LEASE_MS} * interval '1 millisecond'
     where org_id = ${orgId}::uuid and id = any(${`{${deliveryIds.join(',')}}`}::uuid[]) and status = 'pending'`);
  await recordJob(tx, deliverWebhooks, { orgId, onDemand: { trigger, deliveryIds: [...deliveryIds] } });
}

/**
 * Asks for one delivery's next attempt: on demand (replay, test send) as above; scheduled, by a
 * drain of the org due now or after `delayMs`. `attemptNumber` is the row's business, kept for callers.
 */
export async function scheduleDelivery(
  tx: Tx,
  delivery: { orgId: string; deliveryId: string; attemptNumber: number; trigger: DeliveryTrigger; delayMs?: number },
): Promise<void> {
  if (delivery.trigger !== 'scheduled') {
    await scheduleDeliveries(tx, delivery.orgId, [delivery.deliveryId], delivery.trigger);
    return;
  }
  if (!delivery.delayMs) {
    await recordJob(tx, deliverWebhooks, { orgId: delivery.orgId });
    return;
  }
  const dueAt = Date.now() + delivery.delayMs;
  await recordJob(
    tx,
    deliverWebhooks,
    { orgId: delivery.orgId, dueAt },
    { delayMs: delivery.delayMs, jobId: drainJobId(delivery.orgId, dueAt) },
  );
}

/**
 * The statement part that records one drain of the org, due now, when the CTE named `deliveries`
 * returned at least one row — for the relay's fan-out, which makes many deliveries in one
 * statement. The payload is the org only, so it passes the job's schema by construction; the
 * worker checks it again anyway (jobs/processors/runJob.ts).
 */
export function recordDrainSql(orgId: string, deliveries: string): SQL {
  if (deliverWebhooks.holdsSecret) throw new Error('deliverWebhooks payloads would have to be sealed here');
  return sql`insert into outbox (org_id, topic, type, actor_user_id, data)
    select ${orgId}::uuid, 'jobs', ${deliverWebhooks.name}, null,
           jsonb_build_object('payload', jsonb_build_object('orgId', ${orgId}::text))
     where exists (select 1 from ${sql.raw(deliveries)})`;
}

/**
 * Records the drain of the org's earliest pending retry (a delivery with a due time), due then or
 * at once if that time has passed. A retry that fell due while a drain was sending — after its
 * claim, before its record — is the drain's to schedule, or nobody's until the sweeper. The job id
 * names the due time, so a drain already recorded (or running) for it is not recorded twice.
 * Deliveries without a due time were made by the fan-out, which records their drain itself.
 */
export async function scheduleNextDrain(tx: Tx, orgId: string): Promise<void> {
  const result = await tx.execute<{ due_at: string | null; delay_ms: string | null }>(sql`
    select ceil(extract(epoch from min(d.next_attempt_at)) * 1000)::bigint::text as due_at,
           greatest(0, ceil(extract(epoch from min(d.next_attempt_at) - now()) * 1000))::bigint::text as delay_ms
      from webhook_deliveries d
      join webhook_endpoints e on e.org_id = d.org_id and e.id = d.endpoint_id and e.is_enabled
     where d.org_id = ${orgId}::uuid and d.status = 'pending'`);
  const row = result.rows[0];
  if (!row?.due_at || row.delay_ms === null) return;
  const dueAt = Number(row.due_at);
  await recordJob(
    tx,
    deliverWebhooks,
    { orgId, dueAt },
    { delayMs: Number(row.delay_ms), jobId: drainJobId(orgId, dueAt) },
  );
}
