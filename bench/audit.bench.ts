/**
 * `npm run bench -- audit`, three measurements against the bench database (BENCH_DATABASE_URL,
 * default atrium_bench), each in a child process of its own so memory and environment are clean:
 *
 *   (a) mutation: the same resolver (update the org row + one activity outbox event) called
 *       through the real procedure chain as a mutation — audited: scope, success event and its
 *       outbox row in the transaction — and as a query, which the audit middleware skips; alternated
 *       in rounds in the same run. Target: audited ≤ 1.15 × unaudited (mean latency).
 *   (b) page: one org holding BENCH_AUDIT_ROWS events (default 10M, seeded once with
 *       generate_series as the superuser, chain trigger off — this part reads, it does not verify),
 *       a random 30-day window filtered by two actions, first page of 50 through
 *       listAuditEvents as atrium_app under RLS. Target: p95 < 50 ms.
 *   (c) export: 1M events of another org streamed as CSV by exportAuditEvents. Target: > 50k rows/s
 *       with peak RSS of the process < 200 MB.
 *
 * Each part prints the bench's JSON line: {"bench","metric","value","unit","baseline","ratio"}.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_bench';
const PAGE_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 10_000_000);
const EXPORT_ROWS = 1_000_000;
const PAGE_ORG_SLUG = `audit-bench-page-${PAGE_ROWS}`;
const EXPORT_ORG_SLUG = 'audit-bench-export-1m';

type Part = 'mutation' | 'page' | 'export';

export async function run(): Promise<void> {
  for (const part of ['mutation', 'page', 'export'] as Part[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/audit.bench.ts'], {
      env: {
        ...process.env,
        AUDIT_BENCH_PART: part,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: BENCH_DATABASE_URL,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => console.log(line));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`audit bench part "${part}" exited with ${code}`);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function result(metric: string, value: number, unit: string, baseline: number, ratio: number): void {
  console.log(
    JSON.stringify({
      bench: 'audit',
      metric,
      value: Number(value.toFixed(3)),
      unit,
      baseline,
      ratio: Number(ratio.toFixed(3)),
    }),
  );
}

async function benchOrg(slug: string): Promise<{ orgId: string; userId: string; cookie: string }> {
  const { randomUUID } = await import('node:crypto');
  const { users } = await import('../db/schema');
  const { createSession, SESSION_COOKIE } = await import('../server/auth/session');
  const { createOrganization } = await import('../server/orgs/createOrganization');
  const { withActor } = await import('../server/tenancy/withTenant');
  const { createAdminClient } = await import('../server/database');
  const { env } = await import('../server/env');
  const admin = createAdminClient(env.databaseName);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ id: string; user_id: string }>(
      `select o.id, m.user_id from organizations o join memberships m on m.org_id = o.id where o.slug = $1 limit 1`,
      [slug],
    );
    let orgId = rows[0]?.id;
    let userId = rows[0]?.user_id;
    if (!orgId || !userId) {
      userId = randomUUID();
      const id = userId;
      await withActor(id, (tx) => tx.insert(users).values({ id, email: `${slug}-${id}@bench.test`, name: 'Bench' }));
      orgId = (await createOrganization({ name: `Bench ${slug}`, ownerUserId: id, slug })).id;
    }
    const session = await createSession(userId, { ip: '127.0.0.1', userAgent: 'bench' });
    return { orgId, userId, cookie: `${SESSION_COOKIE}=${session.token}` };
  } finally {
    await admin.end();
  }
}

/** Seeds `count` events for one org, spread evenly over the last 365 days (skipped when already there). */
async function seedEvents(orgId: string, count: number): Promise<void> {
  const { createAdminClient } = await import('../server/database');
  const { env } = await import('../server/env');
  const admin = createAdminClient(env.databaseName);
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: string }>(
      'select count(*)::text as n from audit_events where org_id = $1',
      [orgId],
    );
    const existing = Number(rows[0]?.n ?? 0);
    if (existing >= count) return;
    const stepMs = Math.floor((365 * 86_400_000) / count);
    const start = Date.now() - 365 * 86_400_000;
    // Bulk load only: the chain trigger (hashing, head lock) is off for this session alone.
    await admin.query('set session_replication_role = replica');
    const CHUNK = 500_000;
    const started = performance.now();
    for (let from = existing + 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await admin.query(
        `insert into audit_events (org_id, seq, id, occurred_at, actor_type, actor_id, actor_email, action,
                                   resource_type, resource_id, outcome, reason, ip, user_agent, country,
                                   request_id, before, after, prev_hash, hash)
         select $1::uuid, g, gen_random_uuid(), to_timestamp(($2::bigint + g * $3::bigint) / 1000.0), 'user',
                'user-' || (g % 50), 'person' || (g % 50) || '@bench.test',
                (array['roles.update','roles.create','roles.delete','orgs.visit','orgs.updateProfile',
                       'members.update','invitations.create','teams.create','teams.update','audit.export'])[1 + g % 10],
                'role', 'r-' || (g % 5000),
                case when g % 17 = 0 then 'failure' else 'success' end,
                case when g % 17 = 0 then 'FORBIDDEN: You do not have permission to do this' end,
                '203.0.113.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) bench', 'US', md5(g::text),
                case when g % 10 < 3 then '{"name": "before", "grants": [{"permission": "org:read"}]}'::jsonb end,
                case when g % 10 < 3 then '{"name": "after", "grants": [{"permission": "org:read"}]}'::jsonb end,
                '\\x00'::bytea, '\\x00'::bytea
           from generate_series($4::bigint, $5::bigint) g`,
        [orgId, start, stepMs, from, to],
      );
      console.error(
        `[audit bench] seeded ${to.toLocaleString()} of ${count.toLocaleString()} events (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    await admin.query(
      `insert into audit_chain_heads (org_id, seq, hash, occurred_at) values ($1, $2, '\\x00', now())
       on conflict (org_id) do update set seq = excluded.seq`,
      [orgId, count],
    );
    await admin.query('analyze audit_events');
  } finally {
    await admin.end();
  }
}

async function mutationPart(): Promise<void> {
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const { z } = await import('zod');
  const { eq } = await import('drizzle-orm');
  const { organizations } = await import('../db/schema');
  const { recordEvent } = await import('../server/realtime/outbox');
  const { router } = await import('../server/trpc/init');
  const { orgProcedure } = await import('../server/trpc/procedures');
  const { createContext } = await import('../server/trpc/context');
  type Tx = import('../server/tenancy/withTenant').Tx;

  const org = await benchOrg('audit-bench-mutation');
  async function touchOrg(tx: Tx, orgId: string, userId: string, n: number) {
    await tx.update(organizations).set({ updatedAt: new Date() }).where(eq(organizations.id, orgId));
    await recordEvent(tx, { orgId, topic: 'activity', type: 'bench.touched', actorUserId: userId, data: { n } });
    return { n };
  }
  const ZInput = z.object({ n: z.number().int() });
  const gate = orgProcedure.meta({ permission: 'org:update' }).input(ZInput);
  const benchRouter = router({
    // Same chain, same resolver: a mutation is audited, a query is not.
    audited: gate.mutation(({ ctx, input }) => touchOrg(ctx.db, ctx.org.id, ctx.user.id, input.n)),
    unaudited: gate.query(({ ctx, input }) => touchOrg(ctx.db, ctx.org.id, ctx.user.id, input.n)),
  });
  const headers = { cookie: org.cookie, 'user-agent': 'Mozilla/5.0 bench', 'x-request-id': 'bench' };
  const call = async (kind: 'audited' | 'unaudited', n: number): Promise<number> => {
    const started = performance.now();
    const caller = benchRouter.createCaller(await createContext({ headers, ip: '81.2.69.142' }));
    if (kind === 'audited') await caller.audited({ orgSlug: 'audit-bench-mutation', n });
    else await caller.unaudited({ orgSlug: 'audit-bench-mutation', n });
    return performance.now() - started;
  };
  for (let i = 0; i < 200; i++) {
    await call('audited', i);
    await call('unaudited', i);
  }
  const samples = { audited: [] as number[], unaudited: [] as number[] };
  const ROUNDS = 6;
  const PER_ROUND = 300;
  for (let round = 0; round < ROUNDS; round++) {
    const order: ('audited' | 'unaudited')[] = round % 2 ? ['audited', 'unaudited'] : ['unaudited', 'audited'];
    for (const kind of order) for (let i = 0; i < PER_ROUND; i++) samples[kind].push(await call(kind, i));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const audited = [...samples.audited].sort((a, b) => a - b);
  const unaudited = [...samples.unaudited].sort((a, b) => a - b);
  console.log(
    `(a) mutation, sequential, ${ROUNDS} × ${PER_ROUND} calls each, in-process through the procedure chain:\n` +
      `    audited:   mean ${mean(audited).toFixed(3)} ms, p50 ${percentile(audited, 50).toFixed(3)} ms, p95 ${percentile(audited, 95).toFixed(3)} ms\n` +
      `    unaudited: mean ${mean(unaudited).toFixed(3)} ms, p50 ${percentile(unaudited, 50).toFixed(3)} ms, p95 ${percentile(unaudited, 95).toFixed(3)} ms`,
  );
  result(
    'mutation_latency_with_audit',
    mean(audited),
    'ms',
    Number(mean(unaudited).toFixed(3)),
    mean(audited) / mean(unaudited),
  );
}

async function pagePart(): Promise<void> {
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const { withTenant } = await import('../server/tenancy/withTenant');
  const { listAuditEvents } = await import('../server/audit/query');
  const org = await benchOrg(PAGE_ORG_SLUG);
  await seedEvents(org.orgId, PAGE_ROWS);
  const actor = { type: 'system', name: 'bench' } as const;
  const DAY = 86_400_000;
  const query = (i: number) => {
    // Windows spread over the year, oldest to newest.
    const end = Date.now() - ((i * 7) % 330) * DAY;
    return withTenant(org.orgId, actor, (tx) =>
      listAuditEvents(tx, {
        filters: { actions: ['roles.update', 'invitations.create'], from: new Date(end - 30 * DAY), to: new Date(end) },
        limit: 50,
      }),
    );
  };
  for (let i = 0; i < 30; i++) await query(i);
  const latencies: number[] = [];
  let rows = 0;
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    const page = await query(i);
    latencies.push(performance.now() - started);
    rows += page.items.length;
    // Every other query also fetches the next page by its cursor.
    if (i % 2 && page.nextCursor) {
      const nextStarted = performance.now();
      await withTenant(org.orgId, actor, (tx) =>
        listAuditEvents(tx, {
          filters: { actions: ['roles.update', 'invitations.create'] },
          cursor: page.nextCursor ?? undefined,
          limit: 50,
        }),
      );
      latencies.push(performance.now() - nextStarted);
    }
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `(b) 30-day window, two actions, page of 50, ${PAGE_ROWS.toLocaleString()} events in the org: ` +
      `${latencies.length} pages, p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(2)} ms (${(rows / 300).toFixed(0)} rows per first page)`,
  );
  result('filtered_page_p95', percentile(latencies, 95), 'ms', 50, percentile(latencies, 95) / 50);
}

async function exportPart(): Promise<void> {
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const { exportAuditEvents } = await import('../server/audit/export');
  const org = await benchOrg(EXPORT_ORG_SLUG);
  await seedEvents(org.orgId, EXPORT_ROWS);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lines = 0;
  let bytes = 0;
  for await (const chunk of exportAuditEvents({
    orgId: org.orgId,
    actor: { type: 'system', name: 'bench' },
    filters: {},
    format: 'csv',
  })) {
    bytes += Buffer.byteLength(chunk);
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines += 1;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  const rows = lines - 1;
  if (rows !== EXPORT_ROWS) throw new Error(`exported ${rows} rows, expected ${EXPORT_ROWS}`);
  const rowsPerSecond = rows / seconds;
  console.log(
    `(c) CSV export of ${rows.toLocaleString()} events: ${seconds.toFixed(2)} s, ${Math.round(rowsPerSecond).toLocaleString()} rows/s, ` +
      `${(bytes / 1e6).toFixed(0)} MB, peak RSS ${(peakRss / 1e6).toFixed(0)} MB (${(rssBefore / 1e6).toFixed(0)} MB before the export started); ` +
      `this process used ${cpuSeconds.toFixed(1)} CPU s (${Math.round(rows / cpuSeconds).toLocaleString()} rows per CPU second), the rest is PostgreSQL and waiting for a core`,
  );
  result('export_rows_per_second', rowsPerSecond, 'rows/s', 50_000, rowsPerSecond / 50_000);
  result('export_peak_rss', peakRss / 1e6, 'MB', 200, peakRss / 1e6 / 200);
}

const part = process.env.AUDIT_BENCH_PART as Part | undefined;
if (part) {
  const parts: Record<Part, () => Promise<void>> = { mutation: mutationPart, page: pagePart, export: exportPart };
  await parts[part]();
  process.exit(0);
}
