/** Runs a job's handler the way the worker does (payload checks, tenant context), without Bull. */
import type Bull from 'bull';
import type { JobHandler } from './handler';
import { jobProcessor } from './processors/runJob';

export function runHandler(handler: JobHandler, payload: unknown): Promise<void> {
  const job = { id: 'test', data: payload, attemptsMade: 0, discard: () => undefined } as unknown as Bull.Job;
  return jobProcessor(handler)(job);
}
