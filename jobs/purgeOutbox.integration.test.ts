/**
 * Outbox housekeeping through the real cron path: the repeatable trigger is registered (stale
 * ones removed), a trigger fans out one purgeOutbox job per org, and each removes only its own
 * org's published events older than the retention window, and its API key usage hours older than
 * theirs.
 */
import type Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../test/db';
import { createTestOrg, writeActivity, type TestOrg } from '../server/activity/testFixtures';
import { purgeOutbox } from '../server/jobs/definitions/purgeOutbox';
import { closeQueues, cronQueue, queueFor } from '../server/jobs/queues';
import { scheduleCrons } from './cron';
import { ALL_CRONS } from './registry';
import { startWorkers } from './worker';

async function settled(queue: Bull.Queue, jobId: string): Promise<Bull.Job> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await (await queue.getJob(jobId))?.getState();
    if (state === 'completed' || state === 'failed') return (await queue.getJob(jobId))!;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle (state ${String(state)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Rows = { oldPublished: number; oldUnpublished: number; recentPublished: number };

async function seedOutbox(org: TestOrg): Promise<Rows> {
  const write = async () => (await writeActivity(org.orgId, org.owner.userId, 'seeded')).id;
  const rows = { oldPublished: await write(), oldUnpublished: await write(), recentPublished: await write() };
  // Backdating needs the superuser: the runtime role may not rewrite history.
  await adminQuery(
    `update outbox set created_at = now() - interval '8 days',
            published_at = case when id = $1 then now() - interval '8 days' end
      where id = any($2::bigint[])`,
    [rows.oldPublished, [rows.oldPublished, rows.oldUnpublished]],
  );
  await adminQuery('update outbox set published_at = now() where id = $1', [rows.recentPublished]);
  return rows;
}

/** An API key (written as the seed would) with one usage hour past retention and one recent hour. */
async function seedKeyUsage(org: TestOrg): Promise<string> {
  const [key] = await adminQuery<{ id: string }>(
    `insert into api_keys (org_id, name, lookup, secret_hash, scopes, creator_membership_id)
     select org_id, 'purge test', substr(md5(random()::text), 1, 16), sha256(random()::text::bytea), '{users:read}', id
       from memberships where org_id = $1 limit 1
     returning id::text`,
    [org.orgId],
  );
  await adminQuery(
    `insert into api_key_usage (org_id, key_id, hour, ok) values
       ($1, $2, date_trunc('hour', now()) - interval '91 days', 1),
       ($1, $2, date_trunc('hour', now()) - interval '89 days', 1)`,
    [org.orgId, key!.id],
  );
  return key!.id;
}

async function usageDaysAgo(keyId: string): Promise<number[]> {
  const rows = await adminQuery<{ days: number }>(
    `select extract(day from date_trunc('hour', now()) - hour)::int as days
       from api_key_usage where key_id = $1 order by hour`,
    [keyId],
  );
  return rows.map((row) => row.days);
}

async function remaining(ids: number[]): Promise<number[]> {
  const rows = await adminQuery<{ id: string }>('select id from outbox where id = any($1::bigint[]) order by id', [
    ids,
  ]);
  return rows.map((row) => Number(row.id));
}

let workers: { close(): Promise<void> };
let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  await cronQueue().add({ cron: 'retired' }, { repeat: { cron: '0 3 * * *' }, jobId: 'cron-retired' });
  workers = await startWorkers();
  [orgA, orgB] = await Promise.all([createTestOrg('purge-a'), createTestOrg('purge-b')]);
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

describe('outbox housekeeping', () => {
  it('registers the hourly trigger once and removes retired ones', async () => {
    await scheduleCrons(ALL_CRONS);
    const repeatables = await cronQueue().getRepeatableJobs();
    // Every registered cron once (the hourly purgeOutbox among them), and the retired one gone.
    const expected = ALL_CRONS.map((cron) => ({ id: `cron-${cron.name}`, cron: cron.pattern }));
    const actual = repeatables.map((r) => ({ id: r.id, cron: r.cron }));
    expect(actual).toEqual(expect.arrayContaining([{ id: 'cron-purgeOutbox', cron: '17 * * * *' }, ...expected]));
    expect(actual).toHaveLength(expected.length);
  });

  it("fans out one job per org, each deleting only that org's old published events", async () => {
    const [a, b] = await Promise.all([seedOutbox(orgA), seedOutbox(orgB)]);
    const keys = await Promise.all([seedKeyUsage(orgA), seedKeyUsage(orgB)]);
    const trigger = await cronQueue().add({ cron: 'purgeOutbox' });
    const done = await settled(cronQueue(), String(trigger.id));
    expect(await done.getState()).toBe('completed');
    expect(done.returnvalue).toBeGreaterThanOrEqual(2);

    const purgeJobs = await queueFor(purgeOutbox).getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    const forOurOrgs = purgeJobs.filter((job) =>
      [orgA.orgId, orgB.orgId].includes((job.data as { orgId: string }).orgId),
    );
    expect(forOurOrgs.map((job) => job.data)).toEqual(
      expect.arrayContaining([{ orgId: orgA.orgId }, { orgId: orgB.orgId }]),
    );
    await Promise.all(forOurOrgs.map((job) => settled(queueFor(purgeOutbox), String(job.id))));

    for (const rows of [a, b]) {
      expect(await remaining([rows.oldPublished, rows.oldUnpublished, rows.recentPublished])).toEqual([
        rows.oldUnpublished,
        rows.recentPublished,
      ]);
    }
    for (const keyId of keys) expect(await usageDaysAgo(keyId)).toEqual([89]);
  });

  it('fails an unknown cron trigger visibly instead of retrying it', async () => {
    const trigger = await cronQueue().add({ cron: 'nonexistent' });
    const done = await settled(cronQueue(), String(trigger.id));
    expect(await done.getState()).toBe('failed');
    expect(done.failedReason).toMatch(/Unknown cron trigger/);
    expect(done.attemptsMade).toBe(1);
  });
});
