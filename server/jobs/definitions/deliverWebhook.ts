/**
 * One attempt of one webhook delivery (docs/decisions/025-webhooks.md; handler:
 * jobs/handlers/deliverWebhook.ts). The delivery row is the truth (status, attempt count, when the
 * next attempt is due); the job only says "try this delivery now". Bull never retries it (one
 * attempt): the handler schedules the next attempt itself on the retry schedule, and a sweeper
 * re-records deliveries whose attempt is overdue, so a lost job or a killed worker loses nothing.
 */
import { z } from 'zod';
import { defineJob, ZTenantJobScope } from '../define';

export const ZDeliverWebhookPayload = ZTenantJobScope.extend({
  deliveryId: z.string().uuid(),
  trigger: z.enum(['scheduled', 'replay', 'test']),
});

export const deliverWebhook = defineJob({
  name: 'deliverWebhook',
  payload: ZDeliverWebhookPayload,
  attempts: 1,
  concurrency: 8,
});
