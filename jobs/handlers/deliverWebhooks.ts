/**
 * A drain of one tenant's due webhook deliveries (server/webhooks/deliver.ts); never a transaction
 * across the POSTs. A drain that stopped with work left queues its continuation behind the jobs
 * already waiting, so other orgs' drains get their turn.
 */
import { deliverWebhooks } from '../../server/jobs/definitions/deliverWebhooks';
import { enqueue } from '../../server/jobs/enqueue';
import { drainDeliveries, type DeliverOptions } from '../../server/webhooks/deliver';
import { handleJob } from '../handler';

/** The handler with other send options (the benchmark sets the sends in flight). */
export function deliverWebhooksHandlerWith(options: DeliverOptions) {
  return handleJob(deliverWebhooks, async (payload, { inTenant, log }) => {
    const { isDone } = await drainDeliveries(payload, inTenant, log, options);
    if (!isDone) await enqueue(deliverWebhooks, payload);
  });
}

export const deliverWebhooksHandler = deliverWebhooksHandlerWith({});
