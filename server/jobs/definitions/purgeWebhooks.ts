/**
 * Webhook housekeeping for one tenant, hourly (handler: jobs/handlers/purgeWebhooks.ts): messages
 * older than the retention window go, with their deliveries and attempts (server/webhooks/sweep.ts).
 */
import { defineJob, ZTenantJobScope } from '../define';

export const purgeWebhooks = defineJob({ name: 'purgeWebhooks', payload: ZTenantJobScope, attempts: 3 });
