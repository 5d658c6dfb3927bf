/**
 * What keeps roll-ups whole when a job goes missing: the dirty marks are the truth (./rollup.ts),
 * and a mark still there STALE_MARK_MS after it was made means the roll-up job recorded with it was
 * lost (Redis flushed, the worker died). The sweeper then queues a roll-up of the org.
 */
import { sql } from 'drizzle-orm';
import { rollupUsage } from '../jobs/definitions/rollupUsage';
import { enqueue } from '../jobs/enqueue';
import type { Tx } from '../tenancy/withTenant';

export const STALE_MARK_MS = 60_000;

export async function hasStaleDirtyMarks(tx: Tx, orgId: string): Promise<boolean> {
  const result = await tx.execute<{ stale: boolean }>(sql`
    select exists (select 1 from usage_dirty_hours
                    where org_id = ${orgId}::uuid
                      and marked_at < now() - ${STALE_MARK_MS} * interval '1 millisecond') as stale`);
  return result.rows[0]?.stale === true;
}

/** Queues a roll-up of the org now (Redis I/O: outside any transaction). */
export async function requeueRollup(orgId: string): Promise<void> {
  await enqueue(rollupUsage, { orgId });
}
