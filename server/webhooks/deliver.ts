/**
 * One attempt of one webhook delivery (the deliverWebhook job): take it and read what to send in a
 * short transaction (./deliverClaim.ts), sign and POST with no transaction open (./signature.ts,
 * ./send.ts), then record how it went in another short one (./deliverRecord.ts). Scheduled
 * attempts, replays and test sends all take this path; only the trigger differs.
 */
import { env } from '../env';
import type { InTenant } from '../jobs/define';
import type { Logger } from '../logger';
import { claimDelivery } from './deliverClaim';
import { recordAttempt, type AttemptOutcome } from './deliverRecord';
import type { DeliveryTrigger } from './schedule';
import { sendWebhook, type SendRequest } from './send';
import { signWebhook } from './signature';

export const WEBHOOK_USER_AGENT = 'Atrium-Webhooks/1';

export type DeliverOptions = { timeoutMs?: number; resolve?: SendRequest['resolve'] };

export async function deliverOnce(
  job: { orgId: string; deliveryId: string; trigger: DeliveryTrigger },
  inTenant: InTenant,
  log: Logger,
  options: DeliverOptions = {},
): Promise<AttemptOutcome | 'skipped'> {
  const claimed = await inTenant((tx) => claimDelivery(tx, job.orgId, job.deliveryId, job.trigger));
  if (!claimed) {
    log.debug({ deliveryId: job.deliveryId }, 'webhook delivery not due, not pending or its endpoint is off');
    return 'skipped';
  }
  const startedAt = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    ...signWebhook({ id: claimed.messageId, body: claimed.body, secrets: claimed.secrets, now: startedAt }),
  };
  const result = await sendWebhook({
    url: claimed.url,
    body: claimed.body,
    headers,
    policy: { allowPrivate: env.outboundAllowPrivate },
    timeoutMs: options.timeoutMs,
    resolve: options.resolve,
  });
  const outcome = await inTenant((tx) =>
    recordAttempt(tx, { orgId: job.orgId, claimed, trigger: job.trigger, startedAt, requestHeaders: headers, result }),
  );
  log.info(
    {
      deliveryId: job.deliveryId,
      attempt: claimed.attemptNumber,
      status: result.status,
      outcome,
      durationMs: result.durationMs,
      ...(result.error ? { error: result.error } : {}),
    },
    'webhook attempt',
  );
  return outcome;
}
