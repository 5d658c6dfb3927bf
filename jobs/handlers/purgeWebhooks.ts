/**
 * Webhook housekeeping for one tenant (server/webhooks/sweep.ts): old messages go with their
 * deliveries and attempts, one short transaction per batch.
 */
import { purgeWebhooks } from '../../server/jobs/definitions/purgeWebhooks';
import { PURGE_WEBHOOKS_BATCH, purgeOldMessages } from '../../server/webhooks/sweep';
import { handleJob } from '../handler';

export const purgeWebhooksHandler = handleJob(purgeWebhooks, async ({ orgId }, { inTenant, log }) => {
  let removed = 0;
  for (;;) {
    const batch = await inTenant((tx) => purgeOldMessages(tx, orgId));
    removed += batch;
    if (batch < PURGE_WEBHOOKS_BATCH) break;
  }
  if (removed > 0) log.info({ removed }, 'old webhook messages removed');
});
