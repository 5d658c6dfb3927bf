/**
 * A drain of one org's due webhook deliveries (docs/decisions/025-webhooks.md; handler:
 * jobs/handlers/deliverWebhooks.ts). The delivery rows are the truth (status, attempt count, when
 * the next attempt is due); the job only says "send what is due in this org now". Bull never
 * retries it (one attempt): the drain schedules the org's next drain itself for the earliest due
 * retry, and a sweeper re-records a drain for orgs with overdue deliveries, so a lost job or a
 * killed worker loses nothing.
 *
 * `dueAt` (epoch ms) is set on a drain scheduled for a later retry: it takes what is due by then
 * even if its clock runs a little ahead of PostgreSQL's. `onDemand` names deliveries a person
 * asked to send now (a replay, a test send): they are taken whenever pending, and their attempt
 * is one attempt with that trigger.
 */
import { z } from 'zod';
import { defineJob, ZTenantJobScope } from '../define';

export const ZDeliverWebhooksPayload = ZTenantJobScope.extend({
  dueAt: z.number().int().nonnegative().optional(),
  onDemand: z
    .object({
      trigger: z.enum(['replay', 'test']),
      // A replay of every failed delivery sends at most 1,000 (MAX_REPLAY_FAILED) per call.
      deliveryIds: z.array(z.string().uuid()).min(1).max(1_000),
    })
    .optional(),
});

export const deliverWebhooks = defineJob({
  name: 'deliverWebhooks',
  payload: ZDeliverWebhooksPayload,
  attempts: 1,
  concurrency: 4,
});
