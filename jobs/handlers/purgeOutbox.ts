/**
 * Hourly housekeeping for one tenant, in one short transaction: published outbox events older
 * than the outbox retention go (unpublished rows stay whatever their age — the relay still owes
 * them), and so do API key usage hours older than the usage retention.
 */
import { and, isNotNull, lt, sql } from 'drizzle-orm';
import { API_KEY_USAGE_RETENTION_DAYS, apiKeyUsage, outbox } from '../../db/schema';
import { OUTBOX_RETENTION_DAYS, purgeOutbox } from '../../server/jobs/definitions/purgeOutbox';
import { handleJob } from '../handler';

export const purgeOutboxHandler = handleJob(purgeOutbox, async (_payload, { inTenant, log }) => {
  const [events, usage] = await inTenant(async (tx) => [
    await tx
      .delete(outbox)
      .where(
        and(
          isNotNull(outbox.publishedAt),
          lt(outbox.createdAt, sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`),
        ),
      ),
    await tx
      .delete(apiKeyUsage)
      .where(lt(apiKeyUsage.hour, sql`now() - make_interval(days => ${API_KEY_USAGE_RETENTION_DAYS})`)),
  ]);
  if (events.rowCount) log.info({ removed: events.rowCount }, 'old outbox events removed');
  if (usage.rowCount) log.info({ removed: usage.rowCount }, 'old API key usage hours removed');
});
