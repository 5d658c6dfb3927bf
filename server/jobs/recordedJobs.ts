/**
 * The outbox relay's hand-off for 'jobs' rows (given to startOutboxRelay by the composition root):
 * adds each recorded job to its Bull queue. Each job's id defaults to its outbox row, so a row
 * handed off again (the relay's transaction failed after the add) is not added twice while the
 * first job waits. A row whose payload no longer passes its schema is still added, raw, so the
 * worker refuses it visibly in the failed list instead of it vanishing; a row naming a job that
 * no longer exists can only be logged.
 */
import { z } from 'zod';
import { open } from '../crypto/secretBox';
import { env } from '../env';
import { logger } from '../logger';
import type { RecordedJob } from '../realtime/outboxRelay';
import { jobDefinitionNamed } from './catalogue';
import { JobPayloadError, enqueue } from './enqueue';
import { queueFor } from './queues';
import { recordedJobSealContext } from './recordJob';
import { JobScopeError } from './define';

const ZRecordedJobData = z.object({
  payload: z.unknown(),
  sealedPayload: z.string().optional(),
  jobId: z.string().optional(),
  delayMs: z.number().int().nonnegative().optional(),
});

export async function enqueueRecordedJobs(orgId: string, jobs: readonly RecordedJob[]): Promise<void> {
  for (const row of jobs) {
    const definition = jobDefinitionNamed(row.type);
    const data = ZRecordedJobData.safeParse(row.data);
    if (!definition || !data.success) {
      logger.error({ orgId, outboxId: row.id, job: row.type }, 'recorded job is unknown or malformed: dropped');
      continue;
    }
    const options = { jobId: data.data.jobId ?? `outbox-${orgId}-${row.id}`, delayMs: data.data.delayMs };
    const { sealedPayload } = data.data;
    let payload: unknown;
    try {
      payload =
        sealedPayload === undefined
          ? data.data.payload
          : JSON.parse(open(env.encryptionKey, sealedPayload, recordedJobSealContext(orgId)));
    } catch (error) {
      logger.error({ err: error, orgId, outboxId: row.id, job: row.type }, 'recorded job does not open: dropped');
      continue;
    }
    try {
      await enqueue(definition, payload as never, options);
    } catch (error) {
      if (!(error instanceof JobPayloadError || error instanceof JobScopeError)) throw error;
      await queueFor(definition).add(payload, { jobId: options.jobId, delay: options.delayMs });
    }
  }
}
