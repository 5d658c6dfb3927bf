/**
 * Test fixtures for jobs recorded in the outbox. Only imported by *.test.ts files.
 */
import { adminQuery } from '../../test/db';
import { enqueueRecordedJobs } from './recordedJobs';

/**
 * Does at once what the outbox relay does with recorded jobs: hands each to Bull, oldest first,
 * and deletes it once handed. A failing hand-off throws and leaves that row and the later ones.
 */
export async function handOffRecordedJobs(): Promise<void> {
  const rows = await adminQuery<{ id: string; org_id: string; type: string; data: Record<string, unknown> }>(
    `select id, org_id, type, data from outbox where topic = 'jobs' order by id`,
  );
  for (const row of rows) {
    await enqueueRecordedJobs(row.org_id, [{ id: Number(row.id), type: row.type, data: row.data }]);
    await adminQuery('delete from outbox where org_id = $1 and id = $2', [row.org_id, row.id]);
  }
}
