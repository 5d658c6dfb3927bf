/**
 * An authenticated orgProcedure read over HTTP (session, membership, permission, tenant
 * transaction, RLS) against a bare node `http` handler doing the same SELECT through `pg`, at the
 * same concurrency, alternating runs so both see the same machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { runLoad, type LoadResult } from './load';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RUN_MS = 4_000;
const ROUNDS = 2;

export async function run(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/request.server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_bench',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(first) as { appPort: number; barePort: number; cookie: string; orgSlug: string };
  try {
    const input = encodeURIComponent(JSON.stringify({ json: { orgSlug: info.orgSlug } }));
    const appUrl = `http://127.0.0.1:${info.appPort}/trpc/orgs.profile?input=${input}`;
    const bareUrl = `http://127.0.0.1:${info.barePort}/`;
    const headers = { cookie: info.cookie };
    await runLoad({ url: appUrl, headers, concurrency: CONCURRENCY, durationMs: 1_000 });
    await runLoad({ url: bareUrl, concurrency: CONCURRENCY, durationMs: 1_000 });
    const app: LoadResult[] = [];
    const bare: LoadResult[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await runLoad({ url: bareUrl, concurrency: CONCURRENCY, durationMs: RUN_MS }));
      app.push(await runLoad({ url: appUrl, headers, concurrency: CONCURRENCY, durationMs: RUN_MS }));
    }
    const errors = app.reduce((n, r) => n + r.errors, 0) + bare.reduce((n, r) => n + r.errors, 0);
    if (errors > 0) throw new Error(`${errors} requests failed; the benchmark is not valid`);
    const mean = (rs: LoadResult[], key: 'rps' | 'p99Ms') => rs.reduce((n, r) => n + r[key], 0) / rs.length;
    const appRps = mean(app, 'rps');
    const bareRps = mean(bare, 'rps');
    console.log(`concurrency ${CONCURRENCY}, ${ROUNDS} × ${RUN_MS / 1000}s each`);
    console.log(`orgProcedure over HTTP: ${appRps.toFixed(0)} req/s, p99 ${mean(app, 'p99Ms').toFixed(2)} ms`);
    console.log(`bare http + pg:         ${bareRps.toFixed(0)} req/s, p99 ${mean(bare, 'p99Ms').toFixed(2)} ms`);
    console.log(
      JSON.stringify({
        bench: 'request',
        metric: 'throughput',
        value: Math.round(appRps),
        unit: 'req/s',
        baseline: Math.round(bareRps),
        ratio: Number((appRps / bareRps).toFixed(3)),
      }),
    );
  } finally {
    child.kill('SIGTERM');
  }
}
