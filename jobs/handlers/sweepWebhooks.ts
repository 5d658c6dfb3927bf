/**
 * The webhook sweeper for one tenant (server/webhooks/sweep.ts): counts the overdue deliveries in a
 * short transaction, then queues a drain of the org with none open (Redis I/O).
 */
import { sweepWebhooks } from '../../server/jobs/definitions/sweepWebhooks';
import { countOverdueDeliveries, requeueDrain } from '../../server/webhooks/sweep';
import { handleJob } from '../handler';

export const sweepWebhooksHandler = handleJob(sweepWebhooks, async ({ orgId }, { inTenant, log }) => {
  const overdue = await inTenant((tx) => countOverdueDeliveries(tx, orgId));
  if (overdue === 0) return;
  await requeueDrain(orgId);
  log.warn({ overdue }, 'overdue webhook deliveries: a drain queued again');
});
