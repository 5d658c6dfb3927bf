/**
 * The usage roll-up sweeper for one tenant (server/usage/rollupSweep.ts): looks for stale dirty
 * marks in a short transaction, then queues a roll-up with none open (Redis I/O).
 */
import { sweepUsageRollups } from '../../server/jobs/definitions/sweepUsageRollups';
import { hasStaleDirtyMarks, requeueRollup } from '../../server/usage/rollupSweep';
import { handleJob } from '../handler';

export const sweepUsageRollupsHandler = handleJob(sweepUsageRollups, async ({ orgId }, { inTenant, log }) => {
  if (!(await inTenant((tx) => hasStaleDirtyMarks(tx, orgId)))) return;
  await requeueRollup(orgId);
  log.warn('stale usage dirty marks: a roll-up queued again');
});
