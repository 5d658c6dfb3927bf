/**
 * A drain of one org's due webhook deliveries (the deliverWebhooks job), in rounds. Each round
 * takes up to CLAIM_BATCH due deliveries and reads what to send in one short transaction
 * (./deliverClaim.ts), signs and POSTs them with no transaction open, at most
 * WEBHOOK_SEND_CONCURRENCY at once (./signature.ts, ./send.ts), then records every outcome in one
 * more short transaction (./deliverRecord.ts) — which also records the org's next drain for its
 * earliest retry due later (./schedule.ts). A round that took less than a full batch took all that
 * was due; after MAX_ROUNDS full ones the drain stops and the handler queues its continuation, so
 * orgs share the workers. Scheduled attempts, replays and test sends all take this path; only the
 * trigger differs.
 *
 * The sends of a round start in the order the deliveries became due, so an endpoint receives its
 * events in order as long as none is retried; they are not held back one endpoint at a time, which
 * would make a busy endpoint as slow as one POST after another.
 */
import { env } from '../env';
import type { InTenant } from '../jobs/define';
import type { Logger } from '../logger';
import { CLAIM_BATCH, claimDueDeliveries, type ClaimedDelivery, type ClaimRequest } from './deliverClaim';
import { recordAttempts, type AttemptOutcome, type AttemptRecord } from './deliverRecord';
import { scheduleNextDrain } from './schedule';
import { sendWebhook, type SendRequest } from './send';
import { signWebhook } from './signature';

export const WEBHOOK_USER_AGENT = 'Atrium-Webhooks/1';
/** Full rounds one drain job makes before it makes way for other orgs' drains. */
export const MAX_ROUNDS = 10;

export type DeliverOptions = {
  timeoutMs?: number;
  resolve?: SendRequest['resolve'];
  /** Sends in flight at once (WEBHOOK_SEND_CONCURRENCY unless set). */
  concurrency?: number;
};

export type DrainRequest = { orgId: string } & Pick<ClaimRequest, 'dueAt' | 'onDemand'>;

export type DrainReport = {
  outcomes: Map<string, AttemptOutcome>;
  /** False when the drain stopped after MAX_ROUNDS with work left: queue its continuation. */
  isDone: boolean;
};

async function sendOne(claimed: ClaimedDelivery, options: DeliverOptions): Promise<AttemptRecord> {
  const startedAt = new Date();
  const requestHeaders = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    ...signWebhook({ id: claimed.messageId, body: claimed.body, secrets: claimed.secrets, now: startedAt }),
  };
  const result = await sendWebhook({
    url: claimed.url,
    body: claimed.body,
    headers: requestHeaders,
    policy: { allowPrivate: env.outboundAllowPrivate },
    timeoutMs: options.timeoutMs,
    resolve: options.resolve,
  });
  return { claimed, startedAt, requestHeaders, result };
}

/** Sends them all, `concurrency` at a time, started in order; the records in the order they finished. */
async function sendAll(claimed: readonly ClaimedDelivery[], options: DeliverOptions): Promise<AttemptRecord[]> {
  const records: AttemptRecord[] = [];
  let next = 0;
  const lanes = Math.max(1, Math.min(options.concurrency ?? env.WEBHOOK_SEND_CONCURRENCY, claimed.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        records.push(await sendOne(delivery, options));
      }
    }),
  );
  return records;
}

function logFailures(log: Logger, records: readonly AttemptRecord[]): void {
  for (const { claimed, result } of records) {
    if (result.isSuccess) continue;
    log.info(
      { deliveryId: claimed.deliveryId, attempt: claimed.attemptNumber, status: result.status, error: result.error },
      'webhook attempt failed',
    );
  }
}

export async function drainDeliveries(
  request: DrainRequest,
  inTenant: InTenant,
  log: Logger,
  options: DeliverOptions = {},
): Promise<DrainReport> {
  const { orgId, dueAt, onDemand } = request;
  const outcomes = new Map<string, AttemptOutcome>();
  // Named deliveries not taken yet: one this drain took stays pending, and looks due to a
  // request naming it, until its round is recorded.
  const onDemandLeft = new Set(onDemand?.deliveryIds ?? []);
  const claim = () => {
    const deliveryIds = [...onDemandLeft];
    const named = onDemand && deliveryIds.length > 0 ? { trigger: onDemand.trigger, deliveryIds } : undefined;
    const claimed = inTenant((tx) => claimDueDeliveries(tx, orgId, { dueAt, onDemand: named }));
    // Awaited later (or dropped after a failed record): meanwhile a failure is not unhandled.
    claimed.catch(() => undefined);
    return claimed;
  };
  // Rounds overlap: while a round's POSTs are in flight the next batch is claimed (a full batch
  // means there may be more) and the previous round recorded, each in its own short transaction.
  let claiming: Promise<ClaimedDelivery[]> | null = claim();
  let recording: Promise<void> = Promise.resolve();
  let isRecordFailed = false;
  let isDone = false;
  for (let round = 0; claiming && !isRecordFailed; round++) {
    const claimed: ClaimedDelivery[] = await claiming;
    for (const { deliveryId } of claimed) onDemandLeft.delete(deliveryId);
    const isAllTaken = claimed.length < CLAIM_BATCH;
    isDone = isAllTaken;
    claiming = isAllTaken || round + 1 >= MAX_ROUNDS ? null : claim();
    if (claimed.length === 0) {
      await recording;
      await inTenant((tx) => scheduleNextDrain(tx, orgId));
      break;
    }
    const records = await sendAll(claimed, options);
    const previous = recording;
    recording = previous.then(async () => {
      const recorded = await inTenant(async (tx) => {
        const roundOutcomes = await recordAttempts(tx, orgId, records);
        if (isAllTaken) await scheduleNextDrain(tx, orgId);
        return roundOutcomes;
      });
      for (const [deliveryId, outcome] of recorded) outcomes.set(deliveryId, outcome);
      logFailures(log, records);
      log.info({ round, sent: records.length }, 'webhook drain round');
    });
    // Thrown by the await below; meanwhile it stops the rounds (what was sent stays leased and
    // is sent again after the lease: at-least-once).
    recording.catch(() => {
      isRecordFailed = true;
    });
  }
  await recording;
  return { outcomes, isDone };
}
