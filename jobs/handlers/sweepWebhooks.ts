/**
 * The webhook sweeper for one tenant (server/webhooks/sweep.ts): reads the overdue deliveries in a
 * short transaction, then queues them again with none open (Redis I/O).
 */
import { sweepWebhooks } from '../../server/jobs/definitions/sweepWebhooks';
import { overdueDeliveries, requeueDelivery } from '../../server/webhooks/sweep';
import { handleJob } from '../handler';

export const sweepWebhooksHandler = handleJob(sweepWebhooks, async ({ orgId }, { inTenant, log }) => {
  const overdue = await inTenant((tx) => overdueDeliveries(tx, orgId));
  let requeued = 0;
  for (const delivery of overdue) {
    if (await requeueDelivery(orgId, delivery)) requeued += 1;
  }
  if (requeued > 0) log.warn({ requeued, overdue: overdue.length }, 'overdue webhook deliveries queued again');
});
