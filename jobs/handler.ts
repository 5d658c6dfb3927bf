/**
 * What a job does, bound to its definition (server/jobs/define.ts). The worker runs a handler in
 * the tenant context its payload names (AsyncLocalStorage) but outside any transaction: the
 * handler opens short ones with `ctx.inTenant` when it needs the database, and does its network
 * I/O (SMTP, HTTP) between them — never inside one, where it would hold row locks and a pooled
 * connection shared with web requests for as long as the peer takes.
 */
import type Bull from 'bull';
import type { z } from 'zod';
import type { InTenant, JobDefinition, JobPayloadSchema } from '../server/jobs/define';
import type { Logger } from '../server/logger';

export type JobContext = {
  log: Logger;
  job: Bull.Job;
  /**
   * One transaction of the job's scope, as its principal: withTenant(orgId) as the system actor
   * `job:<name>`, or withActor(userId) for an account job. Keep it short; no network I/O in fn.
   */
  inTenant: InTenant;
};

export type JobHandler<S extends JobPayloadSchema = JobPayloadSchema> = {
  job: JobDefinition<S>;
  // Method syntax: a list of handlers (JobHandler[]) holds handlers of different payloads.
  run(payload: z.output<S>, ctx: JobContext): Promise<void>;
};

export function handleJob<S extends JobPayloadSchema>(
  job: JobDefinition<S>,
  run: (payload: z.output<S>, ctx: JobContext) => Promise<void>,
): JobHandler<S> {
  return { job, run };
}
