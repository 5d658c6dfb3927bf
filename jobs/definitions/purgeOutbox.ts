/**
 * Outbox housekeeping for one tenant: published events older than the retention window go.
 * Unpublished rows stay whatever their age — the relay still owes them to subscribers.
 * Started for every org by the hourly fan-out in jobs/registry.ts.
 */
import { and, isNotNull, lt, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { defineJob, ZTenantJobScope } from '../define';

export const OUTBOX_RETENTION_DAYS = 7;

export const purgeOutbox = defineJob({
  name: 'purgeOutbox',
  payload: ZTenantJobScope,
  attempts: 3,
  handler: async (_payload, { tx, log }) => {
    const result = await tx
      .delete(outbox)
      .where(
        and(
          isNotNull(outbox.publishedAt),
          lt(outbox.createdAt, sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`),
        ),
      );
    if (result.rowCount) log.info({ removed: result.rowCount }, 'old outbox events removed');
  },
});
