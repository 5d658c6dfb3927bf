/**
 * What a job is, without what it does: a name, a version, a zod payload schema and how it is run
 * (attempts, backoff, concurrency, whether its payload holds a secret). Producers import these
 * definitions and `enqueue`/`recordJob`; the handlers live in jobs/handlers/ and are bound to a
 * definition in the worker's registry (jobs/registry.ts), so this folder never imports a mailer,
 * an HTTP client or anything under jobs/.
 *
 * Every payload names its scope (docs/decisions/004): tenant jobs `{ orgId: uuid }`, account-level
 * jobs `{ orgId: null, userId: uuid }`. The type of `defineJob` refuses a schema whose output lacks
 * `orgId`; at run time `parseJobScope` refuses such a payload at enqueue and again in the worker,
 * whatever the job's own schema says.
 */
import { z } from 'zod';
import type { Tx } from '../tenancy/withTenant';

/** Base of every tenant job's payload: extend it. */
export const ZTenantJobScope = z.object({ orgId: z.string().uuid() });
/** Base of every account-level job's payload (no org; runs as the user): extend it. */
export const ZAccountJobScope = z.object({ orgId: z.null(), userId: z.string().uuid() });

export type JobScope = { orgId: string } | { orgId: null; userId: string };

const ZJobScope = z.union([ZTenantJobScope, ZAccountJobScope]);

export class JobScopeError extends Error {
  constructor(jobName: string, issues: string) {
    super(`Job "${jobName}" refused: its payload must carry orgId (a UUID), or orgId: null with a userId (${issues})`);
    this.name = 'JobScopeError';
  }
}

/** The scope of a payload, or a JobScopeError. Looks only at orgId/userId, never trusts the job's schema for it. */
export function parseJobScope(jobName: string, payload: unknown): JobScope {
  const parsed = ZJobScope.safeParse(payload);
  if (!parsed.success) {
    throw new JobScopeError(
      jobName,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/**
 * How a job's handler reaches the database: one short transaction of the job's scope per call,
 * never open across the handler's network I/O (jobs/handler.ts).
 */
export type InTenant = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** A schema whose parsed value (and accepted input) names a scope. */
export type JobPayloadSchema = z.ZodType<JobScope, z.ZodTypeDef, JobScope>;

export type JobDefinition<S extends JobPayloadSchema = JobPayloadSchema> = {
  name: string;
  /**
   * The payload's version: raise it when a change to the schema means a handler can no longer
   * read a payload written before it. The worker logs it with every run.
   */
  version: number;
  payload: S;
  /** Tries before the job stays failed (default 5), with exponential backoff from `backoffMs` (default 1 s). */
  attempts: number;
  backoffMs: number;
  /** Jobs of this kind processed at once per worker process (default 5). */
  concurrency: number;
  /** The payload carries a secret (e.g. a reset link): drop the job from Redis as soon as it succeeds. */
  holdsSecret: boolean;
};

export type JobInput<S extends JobPayloadSchema> = Pick<JobDefinition<S>, 'name' | 'payload'> &
  Partial<Pick<JobDefinition<S>, 'version' | 'attempts' | 'backoffMs' | 'concurrency' | 'holdsSecret'>>;

const JOB_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

export function defineJob<S extends JobPayloadSchema>(input: JobInput<S>): JobDefinition<S> {
  if (!JOB_NAME.test(input.name)) throw new Error(`Job name "${input.name}" must be alphanumeric camelCase`);
  return {
    name: input.name,
    version: input.version ?? 1,
    payload: input.payload,
    attempts: input.attempts ?? 5,
    backoffMs: input.backoffMs ?? 1_000,
    concurrency: input.concurrency ?? 5,
    holdsSecret: input.holdsSecret ?? false,
  };
}
