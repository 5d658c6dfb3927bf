/**
 * The webhook sweeper for one tenant, every minute (handler: jobs/handlers/sweepWebhooks.ts):
 * deliveries still pending a minute after their attempt was due — the Bull job was lost, or the
 * worker died mid-send and its lease ran out — are queued again (server/webhooks/sweep.ts).
 */
import { defineJob, ZTenantJobScope } from '../define';

export const sweepWebhooks = defineJob({
  name: 'sweepWebhooks',
  payload: ZTenantJobScope,
  attempts: 1,
  concurrency: 2,
});
