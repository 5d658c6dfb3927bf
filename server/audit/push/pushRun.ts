/**
 * One push run for one org, inside the org's tenant transaction (the pushAudit job). The endpoint
 * row is locked for the run (FOR UPDATE SKIP LOCKED: a second run at the same time — the next
 * minute's, another worker's — skips instead of sending the same batch twice). Then, batch by
 * batch (≤ 500 events, chain order, from the cursor): sign and POST; on a 2xx advance the cursor
 * to the batch's last event; on anything else keep the cursor, record the error and back off
 * (1, 2, 4 … minutes, at most an hour). After MAX_CONSECUTIVE_FAILURES the endpoint is switched
 * off, with an 'audit.push_failing' activity event so admins see it and an audit event for the
 * trail. Seq order is commit order (the chain head's row lock serializes inserts per org), so
 * reading "seq > cursor" never skips an event that commits later.
 */
import { eq, sql } from 'drizzle-orm';
import { AUDIT_PUSH_MAX_ERROR, auditPushEndpoints } from '../../../db/schema';
import type { Logger } from '../../logger';
import { recordEvent } from '../../realtime/outbox';
import type { Tx } from '../../tenancy/withTenant';
import { appendAuditEvent } from '../append';
import { deliverPush } from './deliver';
import { openSigningSecret, pushPolicy, type EndpointRow } from './endpointState';
import { nextBatch } from './payload';

export const MAX_CONSECUTIVE_FAILURES = 8;
/** Batches per run: the rest waits for the next minute, so one org cannot hold a worker for long. */
export const MAX_BATCHES_PER_RUN = 5;
export const MAX_BACKOFF_MS = 60 * 60_000;
export const FAILING_ACTIVITY = 'audit.push_failing';
export const AUTO_DISABLE_ACTION = 'auditPush.disabledAfterFailures';
const JOB_ACTOR = { type: 'system', id: 'job:pushAudit', email: null } as const;

export type PushRunResult =
  | { outcome: 'idle'; reason: 'not_configured' | 'disabled' | 'backing_off' | 'busy' | 'nothing_new' }
  | { outcome: 'pushed'; events: number; batches: number }
  | { outcome: 'failed'; events: number; error: string; failures: number; isDisabled: boolean };

/** Wait before the next try after `failures` consecutive failures: 1 min, doubling, capped at an hour. */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, failures - 1));
}

function bounded(error: string): string {
  return error.length > AUDIT_PUSH_MAX_ERROR ? `${error.slice(0, AUDIT_PUSH_MAX_ERROR - 1)}…` : error;
}

async function lockEndpoint(tx: Tx, orgId: string): Promise<EndpointRow | null | 'busy'> {
  const [row] = await tx
    .select()
    .from(auditPushEndpoints)
    .where(eq(auditPushEndpoints.orgId, orgId))
    .for('update', { skipLocked: true });
  if (row) return row;
  // Locked by another run, or not there at all.
  const [exists] = await tx
    .select({ orgId: auditPushEndpoints.orgId })
    .from(auditPushEndpoints)
    .where(eq(auditPushEndpoints.orgId, orgId));
  return exists ? 'busy' : null;
}

async function recordFailure(
  tx: Tx,
  row: EndpointRow,
  error: string,
  now: Date,
  log: Logger,
): Promise<{ failures: number; isDisabled: boolean }> {
  const failures = row.consecutiveFailures + 1;
  const isDisabled = failures >= MAX_CONSECUTIVE_FAILURES;
  const lastError = bounded(error);
  await tx
    .update(auditPushEndpoints)
    .set({
      consecutiveFailures: failures,
      lastError,
      lastAttemptAt: now,
      nextAttemptAt: new Date(now.getTime() + backoffMs(failures)),
      ...(isDisabled
        ? { isEnabled: false, disabledReason: 'failing', version: sql`${auditPushEndpoints.version} + 1` }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(auditPushEndpoints.orgId, row.orgId));
  log.warn({ failures, isDisabled, error: lastError }, 'audit push failed');
  if (isDisabled) {
    const host = new URL(row.url).host;
    await recordEvent(tx, {
      orgId: row.orgId,
      topic: 'activity',
      type: FAILING_ACTIVITY,
      actorUserId: null,
      data: { host, failures, lastError },
    });
    await appendAuditEvent(tx, {
      orgId: row.orgId,
      action: AUTO_DISABLE_ACTION,
      actor: JOB_ACTOR,
      outcome: 'success',
      resource: { type: 'audit_push_endpoint', id: row.orgId },
      before: { url: row.url, isEnabled: true, version: row.version },
      after: { url: row.url, isEnabled: false, version: row.version + 1, failures, lastError },
    });
  }
  return { failures, isDisabled };
}

export async function runPush(
  tx: Tx,
  orgId: string,
  log: Logger,
  options: { now?: () => Date; timeoutMs?: number } = {},
): Promise<PushRunResult> {
  const now = options.now ?? (() => new Date());
  const locked = await lockEndpoint(tx, orgId);
  if (locked === null) return { outcome: 'idle', reason: 'not_configured' };
  if (locked === 'busy') return { outcome: 'idle', reason: 'busy' };
  let row = locked;
  if (!row.isEnabled) return { outcome: 'idle', reason: 'disabled' };
  if (row.nextAttemptAt && row.nextAttemptAt > now()) return { outcome: 'idle', reason: 'backing_off' };

  let secret: string;
  try {
    secret = openSigningSecret(row);
  } catch {
    const error = 'The signing secret cannot be decrypted (was ENCRYPTION_KEY changed?); rotate the secret';
    const failed = await recordFailure(tx, row, error, now(), log);
    return { outcome: 'failed', events: 0, error, ...failed };
  }

  let pushed = 0;
  let batches = 0;
  while (batches < MAX_BATCHES_PER_RUN) {
    const batch = await nextBatch(tx, row.cursorSeq);
    if (!batch.last) break;
    const attemptAt = now();
    const delivery = await deliverPush({
      url: row.url,
      secret,
      body: batch.body,
      eventCount: batch.count,
      policy: pushPolicy(),
      timeoutMs: options.timeoutMs,
    });
    if (!delivery.ok) {
      const failed = await recordFailure(tx, row, delivery.error, now(), log);
      return { outcome: 'failed', events: pushed, error: delivery.error, ...failed };
    }
    const [saved] = await tx
      .update(auditPushEndpoints)
      .set({
        cursorSeq: batch.last.seq,
        cursorEventId: batch.last.id,
        cursorOccurredAt: new Date(batch.last.occurredAt),
        consecutiveFailures: 0,
        lastError: null,
        lastAttemptAt: attemptAt,
        lastSuccessAt: now(),
        nextAttemptAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(auditPushEndpoints.orgId, orgId))
      .returning();
    if (!saved) throw new Error('audit push endpoint vanished during the run');
    row = saved;
    pushed += batch.count;
    batches += 1;
  }
  if (batches === 0) return { outcome: 'idle', reason: 'nothing_new' };
  log.info({ events: pushed, batches, cursor: row.cursorSeq }, 'audit events pushed');
  return { outcome: 'pushed', events: pushed, batches };
}
