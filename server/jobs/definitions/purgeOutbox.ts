/**
 * Hourly housekeeping for one tenant (handler: jobs/handlers/purgeOutbox.ts): old published outbox
 * events and API key usage past its retention. Started hourly for every org by the cron fan-out.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const OUTBOX_RETENTION_DAYS = 7;

export const purgeOutbox = defineJob({ name: 'purgeOutbox', payload: ZTenantJobScope, attempts: 3 });
