/**
 * The Bull queues: one per job name, created on first use. One queue per kind (rather than named
 * processors on one queue) so a slow or failing kind never holds up another, each has its own
 * concurrency and its own visible list of failed jobs, and its processor receives every job put in
 * it — including one added with the raw Bull API, which the processor then refuses visibly instead
 * of Bull failing it with "Missing process handler". Queues live under this install's REDIS_PREFIX,
 * so another install on the same Redis never takes its jobs.
 */
import Bull from 'bull';
import { env } from '../env';
import { logger } from '../logger';
import type { JobDefinition } from './define';

/** Completed jobs kept for inspection; failed jobs are all kept until someone looks at them. */
const KEEP_COMPLETED = 1_000;

const ERROR_LOG_INTERVAL_MS = 60_000;

const queues = new Map<string, Bull.Queue>();

function createQueue(name: string, defaultJobOptions: Bull.JobOptions): Bull.Queue {
  const queue = new Bull(name, env.REDIS_URL, { prefix: env.bullPrefix, defaultJobOptions });
  // Each of a queue's connections reports every reconnect attempt; one warning a minute is enough.
  let lastWarnedAt = 0;
  queue.on('error', (error) => {
    const isDue = Date.now() - lastWarnedAt >= ERROR_LOG_INTERVAL_MS;
    if (isDue) lastWarnedAt = Date.now();
    logger[isDue ? 'warn' : 'debug']({ err: error.message, queue: name }, 'queue error');
  });
  return queue;
}

function namedQueue(name: string, defaultJobOptions: Bull.JobOptions): Bull.Queue {
  let queue = queues.get(name);
  if (!queue) {
    queue = createQueue(name, defaultJobOptions);
    queues.set(name, queue);
  }
  return queue;
}

export function jobOptionsFor(job: JobDefinition): Bull.JobOptions {
  return {
    attempts: job.attempts,
    backoff: { type: 'exponential', delay: job.backoffMs },
    removeOnComplete: job.holdsSecret ? true : KEEP_COMPLETED,
    removeOnFail: false,
  };
}

export function queueFor(job: JobDefinition): Bull.Queue {
  return namedQueue(job.name, jobOptionsFor(job));
}

/** Repeatable triggers of the cron fan-outs (jobs/cron.ts); their jobs carry no tenant data. */
export function cronQueue(): Bull.Queue {
  return namedQueue('cron', {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: 100,
    removeOnFail: false,
  });
}

/** Closes every queue of this process, waiting for the jobs it is running to finish. */
export async function closeQueues(): Promise<void> {
  const open = [...queues.values()];
  queues.clear();
  await Promise.all(open.map((queue) => queue.close()));
}
