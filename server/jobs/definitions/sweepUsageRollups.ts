/**
 * The usage roll-up sweeper for one tenant, every minute (handler: jobs/handlers/sweepUsageRollups.ts):
 * dirty marks older than a minute mean the roll-up job recorded for them was lost — it is queued
 * again (server/usage/rollupSweep.ts).
 */
import { defineJob, ZTenantJobScope } from '../define';

export const sweepUsageRollups = defineJob({
  name: 'sweepUsageRollups',
  payload: ZTenantJobScope,
  attempts: 1,
  concurrency: 2,
});
