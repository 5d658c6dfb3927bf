/**
 * The first step of a drain round (./deliver.ts): in one short tenant transaction, take up to
 * `limit` of the org's due deliveries and read what their sends need — URL, message, the active
 * secrets opened once per endpoint. Nothing is sent here and no transaction stays open across the sends.
 *
 * Taking them is one UPDATE that moves `next_attempt_at` a lease ahead (the send's timeout and a
 * minute) of pending deliveries of enabled endpoints that are due (or named on demand: a person
 * asked for them now), oldest due first, rows another drain holds skipped (SKIP LOCKED): two
 * drains of one org share the work, and a drain that comes late finds the rows taken. A worker
 * killed mid-send leaves the lease to expire, after which the sweeper re-records a drain.
 *
 * Every transaction of a drain commits without waiting for the WAL flush (synchronous_commit
 * off, for that transaction only): a crash of PostgreSQL can then lose the last moment's leases and
 * records, which only means a delivery is sent again — delivery is at-least-once and receivers
 * de-duplicate by webhook-id — while waiting for the flushes was most of a delivery's database cost.
 */
import { sql } from 'drizzle-orm';
import { open } from '../crypto/secretBox';
import { env } from '../env';
import type { Tx } from '../tenancy/withTenant';
import type { DeliveryTrigger, OnDemandTrigger } from './schedule';
import { endpointSecretSealContext } from './secretSeal';
import { SEND_TIMEOUT_MS } from './send';

export const DELIVERY_LEASE_MS = SEND_TIMEOUT_MS + 60_000;
/** Deliveries taken per round. */
export const CLAIM_BATCH = 100;

export type ClaimedDelivery = {
  deliveryId: string;
  endpointId: string;
  messageId: string;
  /** This attempt's number (attempts made before it + 1). */
  attemptNumber: number;
  trigger: DeliveryTrigger;
  url: string;
  body: string;
  /** The current secret, then the previous one while its overlap lasts. */
  secrets: string[];
};

export type ClaimRequest = {
  limit?: number;
  /** Take what is due by this time (epoch ms) even if PostgreSQL's clock has not reached it. */
  dueAt?: number;
  onDemand?: { trigger: OnDemandTrigger; deliveryIds: readonly string[] };
};

type ClaimRow = {
  id: string;
  endpoint_id: string;
  message_id: string;
  attempt_count: number;
  is_on_demand: boolean;
  url: string;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  is_previous_active: boolean;
  body: string;
};

/** A FROM item that makes its transaction commit without waiting for the WAL flush (see above). */
export const withoutFlushWait = sql`(select set_config('synchronous_commit', 'off', true)) as relaxed`;

/** This transaction commits without waiting for its WAL flush (see above). */
export async function commitWithoutFlushWait(tx: Tx): Promise<void> {
  await tx.execute(sql`select 1 from ${withoutFlushWait}`);
}

/** `{a,b}`: a uuid[] literal (drizzle spreads a JS array into a parameter list). */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

function openSecrets(orgId: string, row: ClaimRow): string[] {
  const context = endpointSecretSealContext(orgId, row.endpoint_id);
  const secrets = [open(env.encryptionKey, row.sealed_secret, context)];
  if (row.sealed_previous_secret && row.is_previous_active) {
    secrets.push(open(env.encryptionKey, row.sealed_previous_secret, context));
  }
  return secrets;
}

/** Takes the org's due deliveries, in the order they became due (an endpoint's events in order). */
export async function claimDueDeliveries(
  tx: Tx,
  orgId: string,
  request: ClaimRequest = {},
): Promise<ClaimedDelivery[]> {
  const onDemand = uuidArray(request.onDemand?.deliveryIds ?? []);
  const dueBy = request.dueAt ?? 0;
  const result = await tx.execute<ClaimRow>(sql`
    with due as (
      select d.id, d.next_attempt_at as due_at, m.created_at as made_at, m.source_outbox_id
        from webhook_deliveries d
        join webhook_endpoints e on e.org_id = d.org_id and e.id = d.endpoint_id and e.is_enabled
        join webhook_messages m on m.org_id = d.org_id and m.id = d.message_id
       where d.org_id = ${orgId}::uuid and d.status = 'pending'
         and (d.id = any(${onDemand}::uuid[]) or d.next_attempt_at is null
              or d.next_attempt_at <= greatest(now(), to_timestamp(${dueBy} / 1000.0)))
       order by d.next_attempt_at, m.created_at, m.source_outbox_id, d.id
       limit ${request.limit ?? CLAIM_BATCH}
       for update of d skip locked
    ),
    taken as (
      update webhook_deliveries d
         set next_attempt_at = now() + ${DELIVERY_LEASE_MS} * interval '1 millisecond'
        from due, webhook_endpoints e, webhook_messages m, ${withoutFlushWait}
       where d.org_id = ${orgId}::uuid and d.id = due.id
         and e.org_id = d.org_id and e.id = d.endpoint_id
         and m.org_id = d.org_id and m.id = d.message_id
      returning d.id, e.id as endpoint_id, m.id as message_id, d.attempt_count,
                d.id = any(${onDemand}::uuid[]) as is_on_demand, e.url, e.sealed_secret, e.sealed_previous_secret,
                coalesce(e.previous_secret_expires_at > now(), false) as is_previous_active,
                m.payload::text as body, due.due_at, due.made_at, due.source_outbox_id
    )
    select * from taken order by due_at, made_at, source_outbox_id, id`);
  const secretsOf = new Map<string, string[]>();
  return result.rows.map((row) => {
    let secrets = secretsOf.get(row.endpoint_id);
    if (!secrets) {
      secrets = openSecrets(orgId, row);
      secretsOf.set(row.endpoint_id, secrets);
    }
    return {
      deliveryId: row.id,
      endpointId: row.endpoint_id,
      messageId: row.message_id,
      attemptNumber: row.attempt_count + 1,
      trigger: row.is_on_demand && request.onDemand ? request.onDemand.trigger : 'scheduled',
      url: row.url,
      body: row.body,
      secrets,
    };
  });
}
