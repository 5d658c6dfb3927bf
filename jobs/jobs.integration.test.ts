/**
 * Jobs on the real Bull/Redis and PostgreSQL: a payload without a scope is refused at enqueue and,
 * when it reaches a worker anyway, fails visibly without retries; handlers run in the tenant (or
 * account) context their payload names, and open their transactions in it; failures are retried with backoff; sendEmail without SMTP_URL lands in the dev mailbox.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, createTestUser, type TestOrg, type TestUser } from '../server/activity/testFixtures';
import { defineJob, JobScopeError, ZAccountJobScope, ZTenantJobScope } from '../server/jobs/define';
import { sendEmail } from '../server/jobs/definitions/sendEmail';
import { enqueue, JobPayloadError } from '../server/jobs/enqueue';
import { closeQueues, queueFor } from '../server/jobs/queues';
import { currentScope } from '../server/tenancy/context';
import type { Tx } from '../server/tenancy/withTenant';
import { handleJob } from './handler';
import { sendEmailHandler } from './handlers/sendEmail';
import { defaultMailboxDir, readMailbox } from './mailer';
import { startWorkers } from './worker';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type Seen = { orgId: string; userId: string; scope: unknown };
const seenByJob = new Map<string, Seen>();
const attemptsByJob = new Map<string, number>();

async function currentSettings(tx: Tx): Promise<{ orgId: string; userId: string }> {
  const result = await tx.execute<{ org_id: string; user_id: string }>(
    sql`select current_setting('app.org_id', true) as org_id, current_setting('app.user_id', true) as user_id`,
  );
  const row = result.rows[0]!;
  return { orgId: row.org_id, userId: row.user_id };
}

const probeTenant = defineJob({ name: 'probeTenant', payload: ZTenantJobScope });
const probeAccount = defineJob({ name: 'probeAccount', payload: ZAccountJobScope });
const flaky = defineJob({ name: 'flaky', payload: ZTenantJobScope, attempts: 3, backoffMs: 20 });

const probe: Parameters<typeof handleJob>[1] = async (_payload, { inTenant, job }) => {
  seenByJob.set(String(job.id), { ...(await inTenant(currentSettings)), scope: currentScope() });
};

const flakyHandler = handleJob(flaky, async (_payload, { job }) => {
  const attempts = (attemptsByJob.get(String(job.id)) ?? 0) + 1;
  attemptsByJob.set(String(job.id), attempts);
  if (attempts === 1) throw new Error('first attempt fails');
});

async function settled(queue: Bull.Queue, jobId: string): Promise<Bull.Job> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await (await queue.getJob(jobId))?.getState();
    // Read again once settled: the hash read before the state changed lacks the outcome.
    if (state === 'completed' || state === 'failed') return (await queue.getJob(jobId))!;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle (state ${String(state)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let workers: { close(): Promise<void> };
let org: TestOrg;
let user: TestUser;

beforeAll(async () => {
  workers = await startWorkers({
    handlers: [handleJob(probeTenant, probe), handleJob(probeAccount, probe), flakyHandler, sendEmailHandler],
    crons: [],
  });
  org = await createTestOrg('jobs');
  user = await createTestUser('jobs-user');
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

describe('enqueue', () => {
  it('refuses a payload without orgId and adds nothing', async () => {
    const withoutScope = { to: 'a@example.test', subject: 'Hi', text: 'Hello' };
    await expect(enqueue(sendEmail, withoutScope as never)).rejects.toThrow(JobScopeError);
    await expect(enqueue(sendEmail, { orgId: null, ...withoutScope } as never)).rejects.toThrow(/userId/);
    await expect(enqueue(probeTenant, { orgId: 'not-a-uuid' })).rejects.toThrow(JobScopeError);
    await expect(
      enqueue(sendEmail, { orgId: org.orgId, to: 'not an address', subject: 'Hi', text: 'Hello' }),
    ).rejects.toThrow(JobPayloadError);
    const counts = await queueFor(sendEmail).getJobCounts();
    expect(counts.waiting + counts.active + counts.delayed + counts.completed + counts.failed).toBe(0);
  });
});

describe('worker', () => {
  it('fails a job without orgId that bypassed enqueue, once, visibly, with the reason', async () => {
    const queue = queueFor(probeTenant);
    const raw = await queue.add({ userId: user.userId });
    const job = await settled(queue, String(raw.id));
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/Job "probeTenant" refused: its payload must carry orgId/);
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBe(5);
    expect((await queue.getFailed()).map((failed) => failed.id)).toContain(raw.id);
    expect(seenByJob.has(String(raw.id))).toBe(false);
  });

  it("runs a tenant job inside its org's context as the system principal", async () => {
    const { jobId } = await enqueue(probeTenant, { orgId: org.orgId });
    const job = await settled(queueFor(probeTenant), jobId);
    expect(await job.getState()).toBe('completed');
    expect(seenByJob.get(jobId)).toEqual({
      orgId: org.orgId,
      userId: NIL_UUID,
      scope: { orgId: org.orgId, principal: { type: 'system', name: 'job:probeTenant' } },
    });
  });

  it('runs an account job as its user with no org', async () => {
    const { jobId } = await enqueue(probeAccount, { orgId: null, userId: user.userId });
    const job = await settled(queueFor(probeAccount), jobId);
    expect(await job.getState()).toBe('completed');
    expect(seenByJob.get(jobId)).toEqual({
      orgId: NIL_UUID,
      userId: user.userId,
      scope: { orgId: null, principal: { type: 'user', userId: user.userId } },
    });
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const { jobId } = await enqueue(flaky, { orgId: org.orgId });
    const job = await settled(queueFor(flaky), jobId);
    expect(await job.getState()).toBe('completed');
    expect(attemptsByJob.get(jobId)).toBe(2);
  });

  it('stores sendEmail in the dev mailbox when SMTP_URL is not set', async () => {
    const subject = `Reset your password ${Date.now()}`;
    const { jobId } = await enqueue(sendEmail, {
      orgId: null,
      userId: user.userId,
      to: 'jobs-user@example.test',
      subject,
      text: 'Open http://localhost:3000/reset?token=abc to continue.',
    });
    // Mail jobs hold one-time links, so a completed one is removed from Redis at once.
    const deadline = Date.now() + 10_000;
    while ((await queueFor(sendEmail).getJob(jobId)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await queueFor(sendEmail).getJob(jobId)).toBeNull();
    const mail = (await readMailbox()).find((m) => m.subject === subject);
    expect(mail).toMatchObject({ to: 'jobs-user@example.test', text: expect.stringContaining('/reset?token=abc') });
    const name = (await readdir(defaultMailboxDir())).find((f) => f.endsWith(`-${mail!.id}.json`));
    expect(name).toMatch(/^\d{13}-[0-9a-f-]{36}\.json$/);
    await rm(path.join(defaultMailboxDir(), name!));
  });
});
