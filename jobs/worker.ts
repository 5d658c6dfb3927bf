/**
 * Starts this process's Bull processors: one per job kind (jobs/registry.ts), each wrapped to run
 * in its tenant context, plus the cron fan-outs. close() waits for running jobs to finish.
 */
import { closeQueues, queueFor } from '../server/jobs/queues';
import { logger } from '../server/logger';
import { type CronDefinition, startCrons } from './cron';
import type { JobHandler } from './handler';
import { jobProcessor } from './processors/runJob';
import { ALL_CRONS, ALL_HANDLERS } from './registry';

export type WorkerOptions = { handlers?: readonly JobHandler[]; crons?: readonly CronDefinition[] };

export async function startWorkers(options: WorkerOptions = {}): Promise<{ close(): Promise<void> }> {
  for (const handler of options.handlers ?? ALL_HANDLERS) {
    const def = handler.job;
    const queue = queueFor(def);
    queue.on('failed', (job, error) => {
      logger.warn(
        { job: def.name, jobId: job.id, attempt: job.attemptsMade, of: job.opts.attempts, err: error.message },
        'job failed',
      );
    });
    void queue
      .process(def.concurrency, jobProcessor(handler))
      .catch((error: unknown) => logger.error({ err: error, job: def.name }, 'job processor stopped'));
  }
  const crons = startCrons(options.crons ?? ALL_CRONS);
  return {
    async close() {
      crons.stop();
      await closeQueues();
    },
  };
}
