/**
 * Outbox housekeeping for one tenant: published events older than the retention window go, in
 * one short transaction. Unpublished rows stay whatever their age — the relay still owes them.
 */
import { and, isNotNull, lt, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { OUTBOX_RETENTION_DAYS, purgeOutbox } from '../../server/jobs/definitions/purgeOutbox';
import { handleJob } from '../handler';

export const purgeOutboxHandler = handleJob(purgeOutbox, async (_payload, { inTenant, log }) => {
  const result = await inTenant((tx) =>
    tx
      .delete(outbox)
      .where(
        and(
          isNotNull(outbox.publishedAt),
          lt(outbox.createdAt, sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`),
        ),
      ),
  );
  if (result.rowCount) log.info({ removed: result.rowCount }, 'old outbox events removed');
});
