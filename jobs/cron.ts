/**
 * Repeatable work across tenants. A cron trigger carries no tenant data and does one thing only:
 * list the org ids (a SECURITY DEFINER lookup that returns nothing else) and enqueue one tenant
 * job per org, which then runs inside that org's context like any other job.
 */
import type Bull from 'bull';
import { z } from 'zod';
import type { JobDefinition, JobPayloadSchema } from '../server/jobs/define';
import { enqueueMany } from '../server/jobs/enqueue';
import { cronQueue } from '../server/jobs/queues';
import { logger } from '../server/logger';
import { allOrgIds } from '../server/tenancy/lookups';

export type CronDefinition = {
  name: string;
  /** Cron pattern (minute hour day month weekday), UTC. */
  pattern: string;
  fanOut(orgIds: string[]): Promise<number>;
};

export function defineCron<S extends JobPayloadSchema>(input: {
  name: string;
  pattern: string;
  job: JobDefinition<S>;
  payloadFor: (orgId: string) => z.input<S>;
}): CronDefinition {
  return {
    name: input.name,
    pattern: input.pattern,
    fanOut: (orgIds) => enqueueMany(input.job, orgIds.map(input.payloadFor)),
  };
}

const ZCronTrigger = z.object({ cron: z.string() });

export async function runFanOut(cron: CronDefinition): Promise<number> {
  const count = await cron.fanOut(await allOrgIds());
  logger.info({ cron: cron.name, jobs: count }, 'cron fanned out');
  return count;
}

function cronProcessor(crons: readonly CronDefinition[]): (job: Bull.Job) => Promise<number> {
  const byName = new Map(crons.map((cron) => [cron.name, cron]));
  return async (job) => {
    const trigger = ZCronTrigger.safeParse(job.data);
    const cron = trigger.success ? byName.get(trigger.data.cron) : undefined;
    if (!cron) {
      void job.discard();
      throw new Error(`Unknown cron trigger ${JSON.stringify(job.data)}`);
    }
    return runFanOut(cron);
  };
}

/** Registers the repeatable triggers and drops stale ones; idempotent, so every worker process may call it. */
export async function scheduleCrons(crons: readonly CronDefinition[]): Promise<void> {
  const queue = cronQueue();
  // Bull joins a repeatable's key with ':' and splits it again, so ids must not contain one.
  const wanted = new Map(crons.map((cron) => [`cron-${cron.name}`, cron.pattern]));
  for (const repeatable of await queue.getRepeatableJobs()) {
    if (wanted.get(repeatable.id ?? '') !== repeatable.cron) await queue.removeRepeatableByKey(repeatable.key);
  }
  for (const cron of crons) {
    await queue.add({ cron: cron.name }, { repeat: { cron: cron.pattern, tz: 'UTC' }, jobId: `cron-${cron.name}` });
  }
}

/**
 * Processes cron triggers and schedules them in the background, retrying while Redis is away:
 * a worker that boots during a Redis outage must come up and catch up, not crash.
 */
export function startCrons(crons: readonly CronDefinition[]): { stop(): void } {
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (attempt: number) => {
    scheduleCrons(crons).catch((error: unknown) => {
      if (isStopped) return;
      if (attempt === 0) logger.warn({ err: error }, 'cron schedule not registered yet; retrying');
      timer = setTimeout(() => schedule(attempt + 1), Math.min(60_000, 1_000 * 2 ** attempt));
      timer.unref();
    });
  };
  schedule(0);
  void cronQueue()
    .process(1, cronProcessor(crons))
    .catch((error: unknown) => logger.error({ err: error }, 'cron processor stopped'));
  return {
    stop() {
      isStopped = true;
      clearTimeout(timer);
    },
  };
}
