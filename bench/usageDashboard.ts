/**
 * The usage page's data load under load: 1,000 orgs with a year of roll-ups each (daily rows for
 * 365 days and hourly rows for the last 7, for api_call — total plus 4 keys —, active_user and
 * storage_bytes; about 3.7 M rows, written with generate_series in a few seconds) in its own
 * database (BENCH_DATABASE_URL, default atrium_usage_bench; seeded once, reused afterwards). Then
 * BENCH_USAGE_SAMPLES (default 500) loads of random orgs and periods, each exactly what
 * usage.dashboard does — usageSummary and dashboardSeries in one withTenant transaction, as the
 * runtime role under RLS — timed end to end. Baseline, same run: a bare primary-key SELECT of one
 * roll-up row over pg (no tenant transaction). Prints
 * {"bench":"usage","metric":"dashboard_p95","value":…,"unit":"ms","baseline":…,"ratio":…}; target < 50 ms.
 *
 * Runs in a child process so the app's env (DATABASE_URL) points at the bench database before
 * any server module is loaded.
 */
import { runBenchChild } from './benchChild';
import { fileURLToPath } from 'node:url';

const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_usage_bench';
const ORGS = 1_000;
const SAMPLES = Number(process.env.BENCH_USAGE_SAMPLES ?? 500);
const WARMUP = 50;
const TARGET_MS = 50;
const SLUG_PREFIX = 'usage-bench-';
const CHILD_FLAG = 'USAGE_DASHBOARD_BENCH_CHILD';

/** Seeds (once) and measures in a child process; resolves when it has printed its JSON line. */
export async function runUsageDashboardBench(): Promise<void> {
  await runBenchChild({
    file: fileURLToPath(import.meta.url),
    databaseUrl: BENCH_DATABASE_URL,
    env: { [CHILD_FLAG]: '1' },
    label: 'usage dashboard bench',
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function child(): Promise<void> {
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const { createAdminClient, closeAppPool } = await import('../server/database');
  const { withTenant } = await import('../server/tenancy/withTenant');
  const { usageSummary } = await import('../server/usage/summary');
  const { dashboardSeries } = await import('../server/usage/queries');
  const { USAGE_RANGES } = await import('../server/shared/usageRanges');
  const { env } = await import('../server/env');

  const admin = createAdminClient(env.databaseName);
  await admin.connect();
  try {
    const seeded = await admin.query<{ n: string }>(`select count(*) as n from organizations where slug like $1`, [
      `${SLUG_PREFIX}%`,
    ]);
    if (Number(seeded.rows[0]!.n) < ORGS) {
      const started = Date.now();
      await admin.query(`delete from organizations where slug like $1`, [`${SLUG_PREFIX}%`]);
      await admin.query(
        `insert into organizations (name, slug)
         select 'Usage bench ' || n, $1 || n from generate_series(1, $2) as n`,
        [SLUG_PREFIX, ORGS],
      );
      // Per org: 4 API keys (ids only: the dashboard names them "Deleted key"), a daily row per
      // metric and dimension for a year, an hourly one for the last 7 days.
      // Rows in key order fill the primary key's pages one after another instead of at random.
      await admin.query(`set work_mem = '256MB'`);
      await admin.query(`
        create temporary table bench_dims as
        select o.id as org_id, d.metric, d.dimension
          from organizations o,
               lateral (select 'api_call' as metric, '' as dimension
                        union all select 'api_call', gen_random_uuid()::text from generate_series(1, 4)
                        union all select 'active_user', ''
                        union all select 'storage_bytes', '') as d
         where o.slug like '${SLUG_PREFIX}%'`);
      await admin.query(`
        insert into usage_rollups (org_id, metric, granularity, dimension, bucket_start, value)
        select b.org_id, b.metric, 'day', b.dimension, day, (random() * 5000)::bigint
          from bench_dims b,
               generate_series(date_trunc('day', now(), 'UTC') - interval '364 days', date_trunc('day', now(), 'UTC'),
                               interval '1 day') as day
         order by 1, 2, 4, 5`);
      await admin.query(`
        insert into usage_rollups (org_id, metric, granularity, dimension, bucket_start, value)
        select b.org_id, b.metric, 'hour', b.dimension, hour, (random() * 300)::bigint
          from bench_dims b,
               generate_series(date_trunc('hour', now(), 'UTC') - interval '167 hours', date_trunc('hour', now(), 'UTC'),
                               interval '1 hour') as hour
         order by 1, 2, 4, 5`);
      await admin.query('analyze usage_rollups');
      const rows = await admin.query<{ n: string }>('select count(*) as n from usage_rollups');
      console.error(`seeded ${ORGS} orgs, ${rows.rows[0]!.n} roll-up rows in ${Date.now() - started} ms`);
    }
    const orgs = (
      await admin.query<{ id: string }>(`select id::text from organizations where slug like $1`, [`${SLUG_PREFIX}%`])
    ).rows.map((row) => row.id);
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
    const principal = { type: 'system', name: 'bench:usage' } as const;

    const loadDashboard = async () => {
      const orgId = pick(orgs);
      const range = pick(USAGE_RANGES);
      const start = process.hrtime.bigint();
      await withTenant(orgId, principal, async (tx) => {
        const now = new Date();
        await usageSummary(tx, orgId, now);
        await dashboardSeries(tx, orgId, range, now);
      });
      return elapsedMs(start);
    };
    const bareSelect = async () => {
      const orgId = pick(orgs);
      const start = process.hrtime.bigint();
      await admin.query(
        `select value from usage_rollups
          where org_id = $1 and metric = 'api_call' and granularity = 'day' and dimension = ''
            and bucket_start = date_trunc('day', now(), 'UTC')`,
        [orgId],
      );
      return elapsedMs(start);
    };

    for (let i = 0; i < WARMUP; i++) {
      await loadDashboard();
      await bareSelect();
    }
    const dashboard: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      dashboard.push(await loadDashboard());
      baseline.push(await bareSelect());
    }
    dashboard.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const value = percentile(dashboard, 95);
    const base = percentile(baseline, 95);
    console.error(
      `dashboard p50 ${percentile(dashboard, 50).toFixed(2)} ms, p95 ${value.toFixed(2)} ms (target < ${TARGET_MS} ms); bare SELECT p95 ${base.toFixed(3)} ms`,
    );
    console.log(
      JSON.stringify({
        bench: 'usage',
        metric: 'dashboard_p95',
        value: Number(value.toFixed(3)),
        unit: 'ms',
        baseline: Number(base.toFixed(3)),
        ratio: Number((value / base).toFixed(3)),
      }),
    );
  } finally {
    await admin.end();
    await closeAppPool();
  }
}

if (process.env[CHILD_FLAG] === '1') {
  child().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
