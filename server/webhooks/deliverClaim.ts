/**
 * The first step of a delivery attempt (jobs/handlers/deliverWebhook.ts): in one short tenant
 * transaction, take the delivery for this attempt and read what the send needs — URL, message,
 * the active secrets opened. Nothing is sent here and no transaction stays open across the send.
 *
 * Taking it is one UPDATE that moves `next_attempt_at` a lease ahead (the send's timeout and a
 * minute), only while the delivery is pending, its endpoint enabled and — for a scheduled attempt
 * — the attempt due: a second job for the same attempt (a sweeper's re-record racing the original)
 * finds it taken and does nothing. A worker killed mid-send leaves the lease to expire, after
 * which the sweeper re-records the attempt. A replay or test send is taken whenever the delivery
 * is pending (the person asked for it now).
 *
 * Both transactions of an attempt commit without waiting for the WAL flush (synchronous_commit
 * off, for that transaction only): a crash of PostgreSQL can then lose the last moment's leases and
 * records, which only means a delivery is sent again — delivery is at-least-once and receivers
 * de-duplicate by webhook-id — while waiting for two flushes per delivery was most of its cost.
 */
import { sql } from 'drizzle-orm';
import { open } from '../crypto/secretBox';
import { env } from '../env';
import type { Tx } from '../tenancy/withTenant';
import type { DeliveryTrigger } from './schedule';
import { endpointSecretSealContext } from './secretSeal';
import { SEND_TIMEOUT_MS } from './send';

export const DELIVERY_LEASE_MS = SEND_TIMEOUT_MS + 60_000;
/** How early a scheduled attempt may run (clocks of the worker, Redis and PostgreSQL differ a little). */
const DUE_TOLERANCE_MS = 2_000;

export type ClaimedDelivery = {
  deliveryId: string;
  endpointId: string;
  messageId: string;
  /** This attempt's number (attempts made before it + 1). */
  attemptNumber: number;
  url: string;
  body: string;
  /** The current secret, then the previous one while its overlap lasts. */
  secrets: string[];
};

type ClaimRow = {
  endpoint_id: string;
  message_id: string;
  attempt_count: number;
  url: string;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  is_previous_active: boolean;
  payload: unknown;
};

/** A FROM item that makes its transaction commit without waiting for the WAL flush (see above). */
export const withoutFlushWait = sql`(select set_config('synchronous_commit', 'off', true)) as relaxed`;

/** This transaction commits without waiting for its WAL flush (see above). */
export async function commitWithoutFlushWait(tx: Tx): Promise<void> {
  await tx.execute(sql`select 1 from ${withoutFlushWait}`);
}

export async function claimDelivery(
  tx: Tx,
  orgId: string,
  deliveryId: string,
  trigger: DeliveryTrigger,
): Promise<ClaimedDelivery | null> {
  const isOnDemand = trigger !== 'scheduled';
  const result = await tx.execute<ClaimRow>(sql`
    update webhook_deliveries d
       set next_attempt_at = now() + ${DELIVERY_LEASE_MS} * interval '1 millisecond'
      from webhook_endpoints e, webhook_messages m, ${withoutFlushWait}
     where d.org_id = ${orgId}::uuid and d.id = ${deliveryId}::uuid and d.status = 'pending'
       and e.org_id = d.org_id and e.id = d.endpoint_id and e.is_enabled
       and m.org_id = d.org_id and m.id = d.message_id
       and (${isOnDemand} or d.next_attempt_at is null
            or d.next_attempt_at <= now() + ${DUE_TOLERANCE_MS} * interval '1 millisecond')
    returning e.id as endpoint_id, m.id as message_id, d.attempt_count, e.url, e.sealed_secret,
              e.sealed_previous_secret, coalesce(e.previous_secret_expires_at > now(), false) as is_previous_active,
              m.payload`);
  const row = result.rows[0];
  if (!row) return null;
  const context = endpointSecretSealContext(orgId, row.endpoint_id);
  const secrets = [open(env.encryptionKey, row.sealed_secret, context)];
  if (row.sealed_previous_secret && row.is_previous_active) {
    secrets.push(open(env.encryptionKey, row.sealed_previous_secret, context));
  }
  return {
    deliveryId,
    endpointId: row.endpoint_id,
    messageId: row.message_id,
    attemptNumber: row.attempt_count + 1,
    url: row.url,
    body: JSON.stringify(row.payload),
    secrets,
  };
}
