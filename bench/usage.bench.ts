/**
 * `npm run bench -- usage`: how fast usage goes from an ingest call to roll-ups, in a child
 * process on its own database (BENCH_DATABASE_URL, default atrium_usage_ingest_bench).
 *
 *   ingest_events_per_second: BENCH_USAGE_EVENTS events (default 200,000) over BENCH_USAGE_ORGS
 *   orgs (default 100) — api_call over 5 keys, active_user over 50 people, storage_bytes over 3
 *   kinds, spread over the last 24 hours — through ingestUsageEvents in batches of 1,000 (one
 *   tenant transaction each: the events, their dirty marks, the recorded roll-up job), then the
 *   roll-up job of every org (the handler the worker runs) until no dirty mark is left; timed from
 *   the first batch to the last roll-up, 4 at a time. Baseline, same run, same events, same
 *   batches and concurrency: a bare multi-row INSERT (from unnest) into a plain table with the same
 *   columns — no RLS, no indexes, no idempotency check, no marks, no roll-up. Target ratio ≥ 0.5.
 *
 *   dashboard_p95: then the usage page's data load over a year of roll-ups for 1,000 orgs
 *   (./usageDashboard.ts; target < 50 ms).
 *
 * Prints {"bench":"usage","metric","value","unit","baseline","ratio"} for each.
 */
import { runBenchChild } from './benchChild';
import { runUsageDashboardBench } from './usageDashboard';

const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_usage_ingest_bench';
const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 200_000);
const ORGS = Number(process.env.BENCH_USAGE_ORGS ?? 100);
const BATCH = 1_000;
const CONCURRENCY = 4;
const HOUR_MS = 3_600_000;

export async function run(): Promise<void> {
  await runBenchChild({
    file: 'bench/usage.bench.ts',
    databaseUrl: BENCH_DATABASE_URL,
    env: { USAGE_BENCH_CHILD: '1' },
    label: 'usage ingest bench',
  });
  // The usage page's data load over a year of roll-ups for 1,000 orgs (metric dashboard_p95).
  await runUsageDashboardBench();
}

type BenchEvent = { metric: string; dimension: string; value: number; occurredAt: string };
type Batch = { orgId: string; events: BenchEvent[] };

/** A small deterministic generator: the same events on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function batchesFor(orgIds: string[], now: number): Batch[] {
  const random = generator(42);
  const perOrg = Math.ceil(EVENTS / orgIds.length);
  const batches: Batch[] = [];
  for (const orgId of orgIds) {
    for (let start = 0; start < perOrg; start += BATCH) {
      const events: BenchEvent[] = [];
      for (let i = start; i < Math.min(perOrg, start + BATCH); i += 1) {
        const occurredAt = new Date(now - Math.floor(random() * 24 * HOUR_MS)).toISOString();
        const pick = random();
        if (pick < 0.7) {
          events.push({ metric: 'api_call', dimension: `key-${Math.floor(random() * 5)}`, value: 1, occurredAt });
        } else if (pick < 0.95) {
          events.push({ metric: 'active_user', dimension: `user-${Math.floor(random() * 50)}`, value: 1, occurredAt });
        } else {
          const kind = ['logo', 'audit_events', 'webhook_messages'][Math.floor(random() * 3)]!;
          events.push({ metric: 'storage_bytes', dimension: kind, value: Math.floor(random() * 1e9), occurredAt });
        }
      }
      batches.push({ orgId, events });
    }
  }
  return batches;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pooled<T>(
  items: T[],
  concurrency: number,
  work: (item: T, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(item, worker);
      }
    }),
  );
}

function result(metric: string, value: number, unit: string, baseline: number, ratio: number): void {
  console.log(
    JSON.stringify({
      bench: 'usage',
      metric,
      value: Number(value.toFixed(1)),
      unit,
      baseline: Number(baseline.toFixed(1)),
      ratio: Number(ratio.toFixed(3)),
    }),
  );
}

async function benchOrgIds(): Promise<string[]> {
  const { randomUUID } = await import('node:crypto');
  const { users } = await import('../db/schema');
  const { createOrganization } = await import('../server/orgs/createOrganization');
  const { withActor } = await import('../server/tenancy/withTenant');
  const { createAdminClient } = await import('../server/database');
  const { env } = await import('../server/env');
  const admin = createAdminClient(env.databaseName);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ id: string; slug: string }>(
      `select id, slug from organizations where slug like 'usage-bench-%'`,
    );
    const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
    const ids: string[] = [];
    for (let n = 0; n < ORGS; n += 1) {
      const slug = `usage-bench-${n}`;
      let id = bySlug.get(slug);
      if (!id) {
        const userId = randomUUID();
        await withActor(userId, (tx) =>
          tx.insert(users).values({ id: userId, email: `${slug}-${userId}@bench.test`, name: 'Bench' }),
        );
        id = (await createOrganization({ name: `Usage bench ${n}`, ownerUserId: userId, slug })).id;
      }
      ids.push(id);
    }
    // Each run starts empty: what an earlier run ingested, rolled up and queued is removed.
    for (const table of ['usage_events', 'usage_dirty_hours', 'usage_rollups']) {
      await admin.query(`delete from ${table} where org_id = any($1::uuid[])`, [ids]);
    }
    await admin.query(`delete from outbox where org_id = any($1::uuid[]) and topic in ('jobs', 'usage')`, [ids]);
    await admin.query(`drop table if exists usage_bench_plain`);
    await admin.query(`create table usage_bench_plain (
      org_id uuid not null, id bigint generated always as identity, metric text not null,
      dimension text not null default '', value bigint not null, occurred_at timestamptz not null,
      received_at timestamptz not null default now(), source text not null, idempotency_key text)`);
    await admin.query('vacuum analyze usage_events');
    await admin.query('vacuum analyze usage_rollups');
    return ids;
  } finally {
    await admin.end();
  }
}

async function baselineSeconds(batches: Batch[]): Promise<number> {
  const { createAdminClient } = await import('../server/database');
  const { env } = await import('../server/env');
  const clients = Array.from({ length: CONCURRENCY }, () => createAdminClient(env.databaseName));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    const started = performance.now();
    await pooled(batches, CONCURRENCY, async ({ orgId, events }, worker) => {
      await clients[worker]!.query(
        `insert into usage_bench_plain (org_id, metric, dimension, value, occurred_at, source, idempotency_key)
         select $1::uuid, e.metric, e.dimension, e.value, e.occurred_at, 'product', null
           from unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) as e(metric, dimension, value, occurred_at)`,
        [
          orgId,
          events.map((e) => e.metric),
          events.map((e) => e.dimension),
          events.map((e) => e.value),
          events.map((e) => e.occurredAt),
        ],
      );
    });
    return (performance.now() - started) / 1000;
  } finally {
    await clients[0]!.query('drop table if exists usage_bench_plain');
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function pipelineSeconds(
  batches: Batch[],
  orgIds: string[],
): Promise<{ seconds: number; ingestSeconds: number; marksLeft: number }> {
  const { withTenant } = await import('../server/tenancy/withTenant');
  const { ingestUsageEvents } = await import('../server/usage/ingest');
  const { rollupUsageHandler } = await import('../jobs/handlers/rollupUsage');
  const { runHandler } = await import('../jobs/testFixtures');
  const { sql } = await import('drizzle-orm');
  const principal = { type: 'system', name: 'usage-bench' } as const;
  const started = performance.now();
  await pooled(batches, CONCURRENCY, async ({ orgId, events }) => {
    await withTenant(orgId, principal, (tx) => ingestUsageEvents(tx, orgId, events, { source: 'product' }));
  });
  const ingested = performance.now();
  // The roll-up jobs the batches recorded: one run per org takes all its marks (a run takes up to
  // ROLLUP_MARKS_PER_RUN; an org with more records its next job, run here until none is left).
  let pending = orgIds;
  while (pending.length > 0) {
    await pooled(pending, CONCURRENCY, (orgId) => runHandler(rollupUsageHandler, { orgId }));
    const left: string[] = [];
    for (const orgId of pending) {
      const marks = await withTenant(orgId, principal, (tx) =>
        tx.execute<{ n: number }>(sql`select count(*)::int as n from usage_dirty_hours where org_id = ${orgId}::uuid`),
      );
      if ((marks.rows[0]?.n ?? 0) > 0) left.push(orgId);
    }
    pending = left;
  }
  const ended = performance.now();
  return { seconds: (ended - started) / 1000, ingestSeconds: (ingested - started) / 1000, marksLeft: pending.length };
}

async function child(): Promise<void> {
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const orgIds = await benchOrgIds();
  const batches = batchesFor(orgIds, Date.now());
  const count = batches.reduce((sum, batch) => sum + batch.events.length, 0);
  const baseline = await baselineSeconds(batches);
  const pipeline = await pipelineSeconds(batches, orgIds);
  const { closeAppPool } = await import('../server/database');
  await closeAppPool();
  const rate = count / pipeline.seconds;
  const baselineRate = count / baseline;
  console.error(
    `usage bench: ${count.toLocaleString()} events, ${orgIds.length} orgs: pipeline ${pipeline.seconds.toFixed(2)} s (ingest ${pipeline.ingestSeconds.toFixed(2)} s, then roll-ups), bare insert ${baseline.toFixed(2)} s`,
  );
  result('ingest_events_per_second', rate, 'events/s', baselineRate, rate / baselineRate);
}

if (process.env.USAGE_BENCH_CHILD) {
  await child();
  process.exit(0);
}
