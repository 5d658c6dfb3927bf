/**
 * The usage roll-up of one tenant (server/usage/rollup.ts; handler: jobs/handlers/rollupUsage.ts):
 * takes the org's dirty (metric, hour) marks and recomputes those hours and their days from the raw
 * events. Recorded by every ingest that wrote something, and again by the sweeper for marks a lost
 * job left behind (sweepUsageRollups). Safe to run any number of times: it recomputes, never adds.
 */
import { defineJob, ZTenantJobScope } from '../define';

export const rollupUsage = defineJob({ name: 'rollupUsage', payload: ZTenantJobScope, attempts: 5, concurrency: 4 });
