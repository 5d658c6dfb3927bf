/** The usage roll-up of one tenant (server/usage/rollup.ts): one short transaction, no network I/O. */
import { rollupUsage } from '../../server/jobs/definitions/rollupUsage';
import { rollupOrgUsage } from '../../server/usage/rollup';
import { handleJob } from '../handler';

export const rollupUsageHandler = handleJob(rollupUsage, async ({ orgId }, { inTenant, log }) => {
  const result = await inTenant((tx) => rollupOrgUsage(tx, orgId));
  if (result.hours > 0) log.debug({ hours: result.hours, metrics: result.metrics }, 'usage rolled up');
});
