/** One webhook delivery attempt for one tenant (server/webhooks/deliver.ts); never a transaction across the POST. */
import { deliverWebhook } from '../../server/jobs/definitions/deliverWebhook';
import { deliverOnce } from '../../server/webhooks/deliver';
import { handleJob } from '../handler';

export const deliverWebhookHandler = handleJob(deliverWebhook, async (payload, { inTenant, log }) => {
  await deliverOnce(payload, inTenant, log);
});
