/**
 * One push run for one org (the pushAudit job). It never holds a transaction across a POST: each
 * step is a short tenant transaction of its own (`inTenant`), and the sends happen between them.
 *
 * The run first claims the endpoint: one UPDATE that moves next_attempt_at a lease ahead, taken
 * only when no run holds it and no backoff is due — so a second run at the same time (the next
 * minute's, another worker's) skips instead of sending the same batch twice, and a run that dies
 * mid-send leaves a lease that simply expires, after which the batch is sent again (delivery is
 * at-least-once; receivers de-duplicate by event id). Then, batch by batch (≤ 500 events, chain
 * order, from the cursor): read the batch, sign and POST with no transaction open; on a 2xx
 * advance the cursor to the batch's last event; on anything else keep the cursor, record the
 * error and back off (1, 2, 4 … minutes, at most an hour). After MAX_CONSECUTIVE_FAILURES the
 * endpoint is switched off, with an 'audit.push_failing' activity event so admins see it and an
 * audit event for the trail. The run releases the lease when it ends. Every write after the claim
 * is made only while the endpoint is still the one claimed (same version): an admin who changes
 * it meanwhile wins. Seq order is commit order (the chain head's row lock serializes inserts per
 * org), so reading "seq > cursor" never skips an event that commits later.
 */
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { AUDIT_PUSH_MAX_ERROR, auditPushEndpoints } from '../../../db/schema';
import type { InTenant } from '../../jobs/define';
import type { Logger } from '../../logger';
import { recordEvent } from '../../realtime/outbox';
import type { Tx } from '../../tenancy/withTenant';
import { appendAuditEvent } from '../append';
import { deliverPush, PUSH_TIMEOUT_MS } from './deliver';
import { findEndpoint, openSigningSecret, pushPolicy, type EndpointRow } from './endpointState';
import { nextBatch } from './payload';

export const MAX_CONSECUTIVE_FAILURES = 8;
/** Batches per run: the rest waits for the next minute, so one org cannot hold a worker for long. */
export const MAX_BATCHES_PER_RUN = 5;
export const MAX_BACKOFF_MS = 60 * 60_000;
/** How long a claim holds the endpoint: every batch's send timing out, and a minute to spare. */
export const PUSH_LEASE_MS = MAX_BATCHES_PER_RUN * PUSH_TIMEOUT_MS + 60_000;
export const FAILING_ACTIVITY = 'audit.push_failing';
export const AUTO_DISABLE_ACTION = 'auditPush.disabledAfterFailures';
const JOB_ACTOR = { type: 'system', id: 'job:pushAudit', email: null } as const;

export type PushRunResult =
  | { outcome: 'idle'; reason: 'not_configured' | 'disabled' | 'backing_off' | 'nothing_new' }
  | { outcome: 'pushed'; events: number; batches: number }
  | { outcome: 'failed'; events: number; error: string; failures: number; isDisabled: boolean };

/** Wait before the next try after `failures` consecutive failures: 1 min, doubling, capped at an hour. */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, failures - 1));
}

function bounded(error: string): string {
  return error.length > AUDIT_PUSH_MAX_ERROR ? `${error.slice(0, AUDIT_PUSH_MAX_ERROR - 1)}…` : error;
}

type Idle = Extract<PushRunResult, { outcome: 'idle' }>;

/** The endpoint, leased to this run until `leaseUntil`, or why the run has nothing to do. */
async function claimEndpoint(tx: Tx, orgId: string, now: Date, leaseUntil: Date): Promise<EndpointRow | Idle> {
  const [claimed] = await tx
    .update(auditPushEndpoints)
    .set({ nextAttemptAt: leaseUntil })
    .where(
      and(
        eq(auditPushEndpoints.orgId, orgId),
        eq(auditPushEndpoints.isEnabled, true),
        or(isNull(auditPushEndpoints.nextAttemptAt), lte(auditPushEndpoints.nextAttemptAt, now)),
      ),
    )
    .returning();
  if (claimed) return claimed;
  // Not there, off, or held by a backoff or another run's lease.
  const row = await findEndpoint(tx, orgId);
  if (!row) return { outcome: 'idle', reason: 'not_configured' };
  return { outcome: 'idle', reason: row.isEnabled ? 'backing_off' : 'disabled' };
}

/** The claimed endpoint, only while an admin has not changed it since the claim. */
const stillClaimed = (row: EndpointRow) =>
  and(eq(auditPushEndpoints.orgId, row.orgId), eq(auditPushEndpoints.version, row.version));

/** Lets the lease go — only this run's: an admin's change to the endpoint meanwhile is kept. */
async function releaseClaim(tx: Tx, orgId: string, leaseUntil: Date): Promise<void> {
  await tx
    .update(auditPushEndpoints)
    .set({ nextAttemptAt: null })
    .where(and(eq(auditPushEndpoints.orgId, orgId), eq(auditPushEndpoints.nextAttemptAt, leaseUntil)));
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
  const [recorded] = await tx
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
    .where(stillClaimed(row))
    .returning({ orgId: auditPushEndpoints.orgId });
  log.warn({ failures, isDisabled, error: lastError }, 'audit push failed');
  if (isDisabled && recorded) {
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
  orgId: string,
  inTenant: InTenant,
  log: Logger,
  options: { now?: () => Date; timeoutMs?: number } = {},
): Promise<PushRunResult> {
  const now = options.now ?? (() => new Date());
  const claimedAt = now();
  const leaseUntil = new Date(claimedAt.getTime() + PUSH_LEASE_MS);
  const claimed = await inTenant((tx) => claimEndpoint(tx, orgId, claimedAt, leaseUntil));
  if ('outcome' in claimed) return claimed;
  let row = claimed;

  let secret: string;
  try {
    secret = openSigningSecret(row);
  } catch {
    const error = 'The signing secret cannot be decrypted (was ENCRYPTION_KEY changed?); rotate the secret';
    const failed = await inTenant((tx) => recordFailure(tx, row, error, now(), log));
    return { outcome: 'failed', events: 0, error, ...failed };
  }

  let pushed = 0;
  let batches = 0;
  while (batches < MAX_BATCHES_PER_RUN) {
    const cursor = row.cursorSeq;
    const batch = await inTenant((tx) => nextBatch(tx, cursor));
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
    const sent = row;
    if (!delivery.ok) {
      const failed = await inTenant((tx) => recordFailure(tx, sent, delivery.error, now(), log));
      return { outcome: 'failed', events: pushed, error: delivery.error, ...failed };
    }
    const last = batch.last;
    const [saved] = await inTenant((tx) =>
      tx
        .update(auditPushEndpoints)
        .set({
          cursorSeq: last.seq,
          cursorEventId: last.id,
          cursorOccurredAt: new Date(last.occurredAt),
          consecutiveFailures: 0,
          lastError: null,
          lastAttemptAt: attemptAt,
          lastSuccessAt: now(),
          updatedAt: sql`now()`,
        })
        .where(stillClaimed(sent))
        .returning(),
    );
    if (!saved) {
      // Changed or removed by an admin while this batch was on its way: theirs is the endpoint now.
      await inTenant((tx) => releaseClaim(tx, orgId, leaseUntil));
      return { outcome: 'pushed', events: pushed + batch.count, batches: batches + 1 };
    }
    row = saved;
    pushed += batch.count;
    batches += 1;
  }
  await inTenant((tx) => releaseClaim(tx, orgId, leaseUntil));
  if (batches === 0) return { outcome: 'idle', reason: 'nothing_new' };
  log.info({ events: pushed, batches, cursor: row.cursorSeq }, 'audit events pushed');
  return { outcome: 'pushed', events: pushed, batches };
}
