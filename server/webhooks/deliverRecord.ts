/**
 * The last step of a delivery attempt: in one short tenant transaction, log the attempt (what was
 * sent, minus the body, and what came back) and move the delivery and its endpoint on.
 * - 2xx: the delivery succeeded; the endpoint is no longer failing.
 * - 410 Gone: the receiver asked us to stop: the delivery fails and the endpoint is disabled ('gone').
 * - anything else: a scheduled attempt is tried again on the retry schedule (./retrySchedule.ts)
 *   and fails once the schedule is spent; a replay or test send is one attempt and fails at once.
 *   The endpoint is failing from its first failure on; failing for more than FAILING_DISABLE_AFTER_MS,
 *   it is disabled ('failing') and this delivery fails.
 * Disabling records a 'webhook.endpoint_disabled' activity event — which notifies the people who
 * may read the org's webhooks in the app, the way audit push says it turned itself off — and an
 * audit event by the job, since no person made the change.
 */
import { and, eq, sql } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { appendAuditEvent } from '../audit/append';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { commitWithoutFlushWait, withoutFlushWait, type ClaimedDelivery } from './deliverClaim';
import { retryDelayMs } from './retrySchedule';
import { scheduleDelivery, type DeliveryTrigger } from './schedule';
import type { SendResult } from './send';

export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
export const ENDPOINT_DISABLED_ACTIVITY = 'webhook.endpoint_disabled';
export const AUTO_DISABLE_ACTION = 'webhooks.endpointDisabled';
const JOB_ACTOR = { type: 'system', id: 'job:deliverWebhook', email: null } as const;

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed';

export type AttemptRecord = {
  orgId: string;
  claimed: ClaimedDelivery;
  trigger: DeliveryTrigger;
  startedAt: Date;
  requestHeaders: Record<string, string>;
  result: SendResult;
};

async function disableEndpoint(tx: Tx, record: AttemptRecord, reason: 'gone' | 'failing'): Promise<void> {
  const { orgId, claimed } = record;
  const [disabled] = await tx
    .update(webhookEndpoints)
    .set({
      isEnabled: false,
      disabledReason: reason,
      version: sql`${webhookEndpoints.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(webhookEndpoints.orgId, orgId),
        eq(webhookEndpoints.id, claimed.endpointId),
        eq(webhookEndpoints.isEnabled, true),
      ),
    )
    .returning({ version: webhookEndpoints.version, failingSince: webhookEndpoints.failingSince });
  if (!disabled) return;
  const lastError = record.result.error;
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: ENDPOINT_DISABLED_ACTIVITY,
    actorUserId: null,
    data: { endpointId: claimed.endpointId, host: new URL(claimed.url).host, reason, lastError },
  });
  await appendAuditEvent(tx, {
    orgId,
    action: AUTO_DISABLE_ACTION,
    actor: JOB_ACTOR,
    outcome: 'success',
    resource: { type: 'webhook_endpoint', id: claimed.endpointId },
    before: { url: claimed.url, isEnabled: true, version: disabled.version - 1 },
    after: { url: claimed.url, isEnabled: false, disabledReason: reason, version: disabled.version, lastError },
  });
}

/** Marks the endpoint failing (from now, unless it already was); true when it has failed for too long. */
async function markFailing(tx: Tx, orgId: string, endpointId: string): Promise<boolean> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())` })
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, endpointId)))
    .returning({
      isTooLong: sql<boolean>`${webhookEndpoints.failingSince} < now() - ${FAILING_DISABLE_AFTER_MS} * interval '1 millisecond'`,
    });
  return row?.isTooLong ?? false;
}

/** What becomes of the delivery after a failed attempt, and the wait before the next one. */
async function afterFailure(tx: Tx, record: AttemptRecord): Promise<{ outcome: AttemptOutcome; delayMs?: number }> {
  const { orgId, claimed, result } = record;
  if (result.status === 410) {
    await disableEndpoint(tx, record, 'gone');
    return { outcome: 'failed' };
  }
  if (await markFailing(tx, orgId, claimed.endpointId)) {
    await disableEndpoint(tx, record, 'failing');
    return { outcome: 'failed' };
  }
  const delayMs = record.trigger === 'scheduled' ? retryDelayMs(claimed.attemptNumber) : null;
  return delayMs === null ? { outcome: 'failed' } : { outcome: 'retrying', delayMs };
}

/** The common case in one statement: the attempt logged, the delivery succeeded, the endpoint no longer failing. */
async function recordSuccess(tx: Tx, record: AttemptRecord): Promise<void> {
  const { orgId, claimed, result } = record;
  const startedAt = record.startedAt.toISOString();
  await tx.execute(sql`
    with attempt as (
      insert into webhook_attempts (org_id, delivery_id, attempt_number, trigger, started_at, duration_ms,
                                    response_status, response_body_excerpt, error, request_url, request_headers)
      select ${orgId}::uuid, ${claimed.deliveryId}::uuid, ${claimed.attemptNumber}, ${record.trigger},
             ${startedAt}::timestamptz, ${result.durationMs}, ${result.status}, ${result.excerpt}, null,
             ${claimed.url}, ${JSON.stringify(record.requestHeaders)}::jsonb
        from ${withoutFlushWait}
      returning 1
    ),
    endpoint as (
      update webhook_endpoints set failing_since = null
       where org_id = ${orgId}::uuid and id = ${claimed.endpointId}::uuid and failing_since is not null
      returning 1
    )
    update webhook_deliveries
       set status = 'succeeded', attempt_count = ${claimed.attemptNumber}, last_attempt_at = ${startedAt}::timestamptz,
           last_response_status = ${result.status}, next_attempt_at = null
     where org_id = ${orgId}::uuid and id = ${claimed.deliveryId}::uuid`);
}

export async function recordAttempt(tx: Tx, record: AttemptRecord): Promise<AttemptOutcome> {
  if (record.result.isSuccess) {
    await recordSuccess(tx, record);
    return 'succeeded';
  }
  const { orgId, claimed, result } = record;
  await commitWithoutFlushWait(tx);
  await tx.insert(webhookAttempts).values({
    orgId,
    deliveryId: claimed.deliveryId,
    attemptNumber: claimed.attemptNumber,
    trigger: record.trigger,
    startedAt: record.startedAt,
    durationMs: result.durationMs,
    responseStatus: result.status,
    responseBodyExcerpt: result.excerpt,
    error: result.error,
    requestUrl: claimed.url,
    requestHeaders: record.requestHeaders,
  });
  const next = await afterFailure(tx, record);
  const status = next.outcome === 'retrying' ? 'pending' : next.outcome;
  await tx
    .update(webhookDeliveries)
    .set({
      status,
      attemptCount: claimed.attemptNumber,
      lastAttemptAt: record.startedAt,
      lastResponseStatus: result.status,
      nextAttemptAt: next.delayMs === undefined ? null : sql`now() + ${next.delayMs} * interval '1 millisecond'`,
    })
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, claimed.deliveryId)));
  if (next.delayMs !== undefined) {
    await scheduleDelivery(tx, {
      orgId,
      deliveryId: claimed.deliveryId,
      attemptNumber: claimed.attemptNumber + 1,
      trigger: 'scheduled',
      delayMs: next.delayMs,
    });
  }
  return next.outcome;
}
