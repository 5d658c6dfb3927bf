/**
 * The one way to start a background job. The payload is checked twice before it reaches Redis:
 * its scope (orgId, or orgId null with a userId) and then the job's own schema. The worker checks
 * both again (jobs/processors/runJob.ts), because Redis can be written to by other means.
 */
import type Bull from 'bull';
import type { z } from 'zod';
import { type JobDefinition, type JobPayloadSchema, parseJobScope } from './define';
import { queueFor } from './queues';

export type EnqueueOptions = {
  delayMs?: number;
  /** Makes enqueueing idempotent: a second job with the same id is not added while the first exists. */
  jobId?: string;
};

export class JobPayloadError extends Error {
  constructor(jobName: string, issues: string) {
    super(`Job "${jobName}" refused: invalid payload (${issues})`);
    this.name = 'JobPayloadError';
  }
}

/** The scope-checked, schema-parsed payload, or a JobScopeError / JobPayloadError. */
export function validateJobPayload<S extends JobPayloadSchema>(job: JobDefinition<S>, payload: unknown): z.output<S> {
  parseJobScope(job.name, payload);
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) {
    throw new JobPayloadError(
      job.name,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

function bullOptions(options: EnqueueOptions): Bull.JobOptions {
  return { delay: options.delayMs, jobId: options.jobId };
}

export async function enqueue<S extends JobPayloadSchema>(
  job: JobDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<{ jobId: string }> {
  const data = validateJobPayload(job, payload);
  const queued = await queueFor(job).add(data, bullOptions(options));
  return { jobId: String(queued.id) };
}

/** Many jobs of one kind in one round trip (cron fan-outs). */
export async function enqueueMany<S extends JobPayloadSchema>(
  job: JobDefinition<S>,
  payloads: z.input<S>[],
): Promise<number> {
  if (payloads.length === 0) return 0;
  const data = payloads.map((payload) => validateJobPayload(job, payload));
  const queued = await queueFor(job).addBulk(data.map((d) => ({ data: d })));
  return queued.length;
}
