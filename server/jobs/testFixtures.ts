/**
 * Test fixtures for jobs recorded in the outbox. Only imported by *.test.ts files.
 */
import { adminQuery } from '../../test/db';
import { open } from '../crypto/secretBox';
import { env } from '../env';
import { recordedJobSealContext } from './recordJob';
import { enqueueRecordedJobs } from './recordedJobs';

/** The payloads of the jobs named `type` still recorded in the outbox (sealed ones opened), oldest first. */
export async function recordedJobPayloads<P>(type: string, orgId?: string): Promise<P[]> {
  const rows = await adminQuery<{ org_id: string; data: { payload?: P; sealedPayload?: string } }>(
    `select org_id, data from outbox where topic = 'jobs' and type = $1 and ($2::uuid is null or org_id = $2) order by id`,
    [type, orgId ?? null],
  );
  return rows.map(({ org_id, data }) =>
    data.sealedPayload === undefined
      ? data.payload!
      : (JSON.parse(open(env.encryptionKey, data.sealedPayload, recordedJobSealContext(org_id))) as P),
  );
}

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
