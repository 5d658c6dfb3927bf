/**
 * The way to start a job from inside a tenant transaction: the job is written to the outbox
 * (topic 'jobs', server/realtime/outbox.ts) in that transaction, so a rollback starts nothing and
 * a crash after the commit loses nothing; the outbox relay adds it to Bull after the commit
 * (./recordedJobs.ts). Enqueueing to Bull directly from inside a transaction would do neither —
 * and would be network I/O while the transaction holds its locks. A job that holds a secret (a
 * one-time link in an email) is sealed in the outbox (server/crypto/secretBox.ts): its plaintext
 * is never in the database, only in Redis until the job completes.
 */
import type { z } from 'zod';
import { seal } from '../crypto/secretBox';
import { env } from '../env';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { JobDefinition, JobPayloadSchema } from './define';
import { type EnqueueOptions, validateJobPayload } from './enqueue';

/** What a 'jobs' outbox row holds in its data: the payload, or it sealed when the job holds a secret. */
export type RecordedJobData = ({ payload: unknown } | { sealedPayload: string }) & EnqueueOptions;

/** Binds a sealed payload to its org: copied into another org's row, it does not open. */
export const recordedJobSealContext = (orgId: string) => `outbox-job:${orgId}`;

/**
 * Records `job` to start once `tx` commits. The payload is checked now (scope, then schema: a
 * JobScopeError or JobPayloadError), and it must name the transaction's org — RLS refuses another.
 */
export async function recordJob<S extends JobPayloadSchema>(
  tx: Tx,
  job: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<void> {
  const data = validateJobPayload(job, payload);
  if (data.orgId === null) throw new Error(`recordJob: "${job.name}" has no org; enqueue it after its commit`);
  const recorded: RecordedJobData = job.holdsSecret
    ? { sealedPayload: seal(env.encryptionKey, JSON.stringify(data), recordedJobSealContext(data.orgId)), ...options }
    : { payload: data, ...options };
  await recordEvent(tx, { orgId: data.orgId, topic: 'jobs', type: job.name, actorUserId: null, data: recorded });
}
