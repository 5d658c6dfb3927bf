/**
 * The last step of a drain round: in one short tenant transaction, log every attempt of the round
 * (what was sent, minus the body, and what came back) and move the deliveries and their endpoints
 * on, in a few multi-row statements whatever the round's size.
 * - 2xx: the delivery succeeded.
 * - 410 Gone: the receiver asked us to stop: the delivery fails and the endpoint is disabled ('gone').
 * - anything else: a scheduled attempt is tried again on the retry schedule (./retrySchedule.ts)
 *   and fails once the schedule is spent; a replay or test send is one attempt and fails at once.
 * An endpoint whose last answer of the round was a success is no longer failing; one whose last
 * was a failure is failing from then on (from now, if the round also had a success). Failing for
 * more than FAILING_DISABLE_AFTER_MS, it is disabled ('failing') and its failed deliveries fail.
 * Disabling records a 'webhook.endpoint_disabled' activity event — which notifies the people who
 * may read the org's webhooks in the app, the way audit push says it turned itself off — and an
 * audit event by the job, since no person made the change.
 */
import { and, eq, sql } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema';
import { appendAuditEvent } from '../audit/append';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { withoutFlushWait, type ClaimedDelivery } from './deliverClaim';
import { retryDelayMs } from './retrySchedule';
import type { SendResult } from './send';

export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
export const ENDPOINT_DISABLED_ACTIVITY = 'webhook.endpoint_disabled';
export const AUTO_DISABLE_ACTION = 'webhooks.endpointDisabled';
const JOB_ACTOR = { type: 'system', id: 'job:deliverWebhooks', email: null } as const;

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed';

/** One attempt of the round, in the order the sends finished. */
export type AttemptRecord = {
  claimed: ClaimedDelivery;
  startedAt: Date;
  requestHeaders: Record<string, string>;
  result: SendResult;
};

type EndpointState = 'clear' | 'restart' | 'keep';

async function disableEndpoint(
  tx: Tx,
  orgId: string,
  record: AttemptRecord,
  reason: 'gone' | 'failing',
): Promise<void> {
  const { claimed } = record;
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
    .returning({ version: webhookEndpoints.version });
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

/** Per endpoint of the round: how its `failing_since` moves (see above), and its last failure. */
function endpointStates(records: readonly AttemptRecord[]) {
  const states = new Map<string, { hasSuccess: boolean; lastFailure: AttemptRecord | null }>();
  for (const record of records) {
    const state = states.get(record.claimed.endpointId) ?? { hasSuccess: false, lastFailure: null };
    if (record.result.isSuccess) {
      state.hasSuccess = true;
      state.lastFailure = null;
    } else {
      state.lastFailure = record;
    }
    states.set(record.claimed.endpointId, state);
  }
  return [...states].map(([endpointId, { hasSuccess, lastFailure }]) => ({
    endpointId,
    state: (lastFailure === null ? 'clear' : hasSuccess ? 'restart' : 'keep') as EndpointState,
    lastFailure,
  }));
}

/** Moves `failing_since` of the round's endpoints; the ids of those failing for too long. */
async function moveFailingSince(
  tx: Tx,
  orgId: string,
  endpoints: readonly { endpointId: string; state: EndpointState }[],
): Promise<Set<string>> {
  const rows = endpoints.map(({ endpointId, state }) => ({ id: endpointId, state }));
  const result = await tx.execute<{ id: string; is_too_long: boolean }>(sql`
    update webhook_endpoints e
       set failing_since = case r.state when 'clear' then null when 'restart' then now()
                                        else coalesce(e.failing_since, now()) end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, state text), ${withoutFlushWait}
     where e.org_id = ${orgId}::uuid and e.id = r.id and (r.state <> 'clear' or e.failing_since is not null)
    returning e.id, (r.state = 'keep'
                     and e.failing_since < now() - ${FAILING_DISABLE_AFTER_MS} * interval '1 millisecond') as is_too_long`);
  return new Set(result.rows.filter((row) => row.is_too_long).map((row) => row.id));
}

function outcomeOf(
  record: AttemptRecord,
  failedEndpoints: ReadonlySet<string>,
): { outcome: AttemptOutcome; delayMs: number | null } {
  const { claimed, result } = record;
  if (result.isSuccess) return { outcome: 'succeeded', delayMs: null };
  if (result.status === 410 || failedEndpoints.has(claimed.endpointId)) return { outcome: 'failed', delayMs: null };
  const delayMs = claimed.trigger === 'scheduled' ? retryDelayMs(claimed.attemptNumber) : null;
  return delayMs === null ? { outcome: 'failed', delayMs: null } : { outcome: 'retrying', delayMs };
}

/** Records the round's attempts; each delivery's outcome, by delivery id. */
export async function recordAttempts(
  tx: Tx,
  orgId: string,
  records: readonly AttemptRecord[],
): Promise<Map<string, AttemptOutcome>> {
  const outcomes = new Map<string, AttemptOutcome>();
  if (records.length === 0) return outcomes;
  const endpoints = endpointStates(records);
  const tooLong = await moveFailingSince(tx, orgId, endpoints);
  for (const { endpointId, lastFailure } of endpoints) {
    const goneRecord = records.find((r) => r.claimed.endpointId === endpointId && r.result.status === 410);
    if (goneRecord) {
      await disableEndpoint(tx, orgId, goneRecord, 'gone');
    } else if (tooLong.has(endpointId) && lastFailure) {
      await disableEndpoint(tx, orgId, lastFailure, 'failing');
    }
  }
  const rows = records.map((record) => {
    const { claimed, result } = record;
    const next = outcomeOf(record, tooLong);
    outcomes.set(claimed.deliveryId, next.outcome);
    return {
      delivery_id: claimed.deliveryId,
      attempt_number: claimed.attemptNumber,
      trigger: claimed.trigger,
      started_at: record.startedAt.toISOString(),
      duration_ms: result.durationMs,
      response_status: result.status,
      response_body_excerpt: result.excerpt,
      error: result.error,
      request_url: claimed.url,
      request_headers: record.requestHeaders,
      status: next.outcome === 'retrying' ? 'pending' : next.outcome,
      delay_ms: next.delayMs,
    };
  });
  await tx.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(delivery_id uuid, attempt_number int, trigger text, started_at timestamptz, duration_ms int,
             response_status int, response_body_excerpt text, error text, request_url text, request_headers jsonb,
             status text, delay_ms bigint)
    ),
    attempts as (
      insert into webhook_attempts (org_id, delivery_id, attempt_number, trigger, started_at, duration_ms,
                                    response_status, response_body_excerpt, error, request_url, request_headers)
      select ${orgId}::uuid, delivery_id, attempt_number, trigger, started_at, duration_ms,
             response_status, response_body_excerpt, error, request_url, request_headers
        from r
      returning 1
    )
    update webhook_deliveries d
       set status = r.status, attempt_count = r.attempt_number, last_attempt_at = r.started_at,
           last_response_status = r.response_status,
           next_attempt_at = case when r.delay_ms is null then null
                                  else now() + r.delay_ms * interval '1 millisecond' end
      from r, ${withoutFlushWait}
     where d.org_id = ${orgId}::uuid and d.id = r.delivery_id`);
  return outcomes;
}
