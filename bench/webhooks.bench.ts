/**
 * `npm run bench -- webhooks`: outbound webhook delivery against a local receiver (node:http on
 * loopback, answering 200), in a child process on its own database (BENCH_DATABASE_URL, default
 * atrium_webhooks_bench) with the real outbox relay, fan-out, Bull queue and deliverWebhooks
 * handler — the whole path a committed activity event takes to a customer's endpoint.
 *
 *   (a) deliveries_per_second, with 1 and with 4 workers: BENCH_WEBHOOK_EVENTS events
 *       (default 2,000) committed in transactions of 200 and queued (relay, fan-out, one drain job
 *       per relay batch handed to Bull), then timed from the workers' start to the last delivery
 *       received. The unit of work is a drain of the org's due deliveries: rounds of one short
 *       transaction claiming up to 100, the signed POSTs, one short transaction recording them all.
 *       "Workers" are POSTs in flight at once — one drain job at a time, sending that many at
 *       once — exactly as many as the bare loop has in flight; in one process, since on 2 cores
 *       extra processes only add scheduling. Baseline, same run: a bare loop of signed POSTs
 *       (signWebhook + node:http, no keep-alive, like the sender) to the same receiver. Target ≥ 0.5×.
 *   (b) latency_p99: events committed one per transaction at ~50/s, from each commit to its
 *       arrival at the receiver (relay wake-up, fan-out, the job hand-off round, Bull, the drain's
 *       claim and the POST), with the app's own settings (4 drain jobs, 4 POSTs each).
 *       Baseline: one bare signed POST's p99.
 *
 * Each prints {"bench","metric","value","unit","baseline","ratio"}.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_webhooks_bench';
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2_000);
const TX_SIZE = 200;
const LATENCY_EVENTS = 250;
const LATENCY_INTERVAL_MS = 20;
const ORG_SLUG = 'webhooks-bench';

export async function run(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/webhooks.bench.ts'], {
    env: {
      ...process.env,
      WEBHOOK_BENCH_CHILD: '1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: BENCH_DATABASE_URL,
      OUTBOUND_ALLOW_PRIVATE_URLS: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => console.log(line));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`webhooks bench exited with ${code}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function result(
  metric: string,
  value: number,
  unit: string,
  baseline: number,
  ratio: number,
  extra: Record<string, number> = {},
): void {
  console.log(
    JSON.stringify({
      bench: 'webhooks',
      metric,
      ...extra,
      value: Number(value.toFixed(3)),
      unit,
      baseline: Number(baseline.toFixed(3)),
      ratio: Number(ratio.toFixed(3)),
    }),
  );
}

async function child(): Promise<void> {
  const { randomBytes, randomUUID } = await import('node:crypto');
  const http = await import('node:http');
  const { prepareDatabase } = await import('../server/databaseSetup');
  await prepareDatabase();
  const { users, webhookEndpoints } = await import('../db/schema');
  const { createOrganization } = await import('../server/orgs/createOrganization');
  const { withActor, withTenant } = await import('../server/tenancy/withTenant');
  const { createAdminClient } = await import('../server/database');
  const { env } = await import('../server/env');
  const { seal } = await import('../server/crypto/secretBox');
  const { recordEvent } = await import('../server/realtime/outbox');
  const { startOutboxRelay } = await import('../server/realtime/outboxRelay');
  const { enqueueRecordedJobs } = await import('../server/jobs/recordedJobs');
  const { closeQueues } = await import('../server/jobs/queues');
  const { deliverWebhooks } = await import('../server/jobs/definitions/deliverWebhooks');
  const { fanOutToWebhooks } = await import('../server/webhooks/fanOut');
  const { endpointSecretSealContext } = await import('../server/webhooks/secretSeal');
  const { signWebhook } = await import('../server/webhooks/signature');
  const { deliverWebhooksHandler, deliverWebhooksHandlerWith } = await import('../jobs/handlers/deliverWebhooks');
  const { startWorkers } = await import('../jobs/worker');

  // The org and one endpoint subscribed to the bench's event type; earlier runs' rows removed.
  const admin = createAdminClient(env.databaseName);
  await admin.connect();
  const { rows } = await admin.query<{ id: string; user_id: string }>(
    `select o.id, m.user_id from organizations o join memberships m on m.org_id = o.id where o.slug = $1 limit 1`,
    [ORG_SLUG],
  );
  let orgId = rows[0]?.id;
  let userId = rows[0]?.user_id;
  if (!orgId || !userId) {
    const id = randomUUID();
    userId = id;
    await withActor(id, (tx) => tx.insert(users).values({ id, email: `${ORG_SLUG}-${id}@bench.test`, name: 'Bench' }));
    orgId = (await createOrganization({ name: 'Bench webhooks', ownerUserId: id, slug: ORG_SLUG })).id;
  }
  await admin.query('delete from webhook_messages where org_id = $1', [orgId]);
  await admin.query('delete from webhook_endpoints where org_id = $1', [orgId]);
  await admin.query(`delete from outbox where org_id = $1 and published_at is null`, [orgId]);
  await admin.end();

  const arrivals = new Map<number, number>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { data?: { n?: number } };
      if (typeof body.data?.n === 'number' && !arrivals.has(body.data.n)) arrivals.set(body.data.n, at);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as import('node:net').AddressInfo).port;
  const url = `http://127.0.0.1:${port}/hook`;

  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const endpointId = randomUUID();
  const system = { type: 'system', name: 'bench' } as const;
  const tenantOrg = orgId;
  await withTenant(tenantOrg, system, (tx) =>
    tx.insert(webhookEndpoints).values({
      orgId: tenantOrg,
      id: endpointId,
      url,
      eventTypes: ['member.updated'],
      sealedSecret: seal(env.encryptionKey, secret, endpointSecretSealContext(tenantOrg, endpointId)),
    }),
  );

  const relay = startOutboxRelay({
    pollIntervalMs: 1_000,
    enqueueJobs: enqueueRecordedJobs,
    onActivityRelayed: fanOutToWebhooks,
  });
  const actor = userId;
  let nextN = 0;

  async function commitEvents(count: number): Promise<number[]> {
    const ns = Array.from({ length: count }, () => nextN++);
    await withTenant(tenantOrg, { type: 'user', userId: actor }, async (tx) => {
      for (const n of ns) {
        await recordEvent(tx, {
          orgId: tenantOrg,
          topic: 'activity',
          type: 'member.updated',
          actorUserId: actor,
          data: { n },
        });
      }
    });
    return ns;
  }

  async function waitForArrivals(ns: number[], timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ns.every((n) => arrivals.has(n))) {
      if (Date.now() > deadline)
        throw new Error(`only ${ns.filter((n) => arrivals.has(n)).length}/${ns.length} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  function barePost(n: number): Promise<void> {
    const body = JSON.stringify({ type: 'member.updated', timestamp: new Date().toISOString(), data: { n } });
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Atrium-Webhooks/1',
      'content-length': String(Buffer.byteLength(body)),
      ...signWebhook({ id: `msg_bench${n}`, body, secrets: [secret] }),
    };
    return new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers, agent: new http.Agent({ keepAlive: false }) }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function bareLoop(total: number, inFlight: number): Promise<number> {
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (issued < total) {
          issued += 1;
          await barePost(1_000_000_000 + nextN++);
        }
      }),
    );
    return total / ((performance.now() - started) / 1000);
  }

  /** Sends in flight at once: `inFlight` of one drain job at a time; unset, the app's own settings. */
  async function withWorkers<T>(inFlight: number | null, fn: () => Promise<T>): Promise<T> {
    const handler =
      inFlight === null
        ? deliverWebhooksHandler
        : { ...deliverWebhooksHandlerWith({ concurrency: inFlight }), job: { ...deliverWebhooks, concurrency: 1 } };
    const workers = await startWorkers({ handlers: [handler], crons: [] });
    try {
      return await fn();
    } finally {
      await workers.close();
    }
  }

  /** Every event has its pending delivery, and every drain recorded for them is in Bull. */
  async function isAllQueued(): Promise<boolean> {
    const { rows: counts } = await watcher.query<{ pending: number; unsent: number }>(
      `select (select count(*)::int from webhook_deliveries where org_id = $1 and status = 'pending') as pending,
              (select count(*)::int from outbox where org_id = $1 and topic = 'jobs' and published_at is null) as unsent`,
      [tenantOrg],
    );
    return counts[0]!.pending >= EVENTS && counts[0]!.unsent === 0;
  }
  const watcher = createAdminClient(env.databaseName);
  await watcher.connect();

  // Warm-up: connections, prepared plans, JIT.
  await withWorkers(4, async () => waitForArrivals(await commitEvents(100)));
  await bareLoop(200, 4);

  for (const workers of [1, 4]) {
    const bare = await bareLoop(EVENTS, workers);
    // The deliveries are made and queued first (relay, fan-out, hand-off to Bull), then the
    // workers start: this times delivering, which is what more workers change.
    const all: number[] = [];
    for (let i = 0; i < EVENTS; i += TX_SIZE) all.push(...(await commitEvents(Math.min(TX_SIZE, EVENTS - i))));
    const deadline = Date.now() + 120_000;
    while (!(await isAllQueued())) {
      if (Date.now() > deadline) throw new Error('the deliveries were not queued in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const perSecond = await withWorkers(workers, async () => {
      const started = performance.now();
      await waitForArrivals(all);
      return EVENTS / ((performance.now() - started) / 1000);
    });
    console.error(
      `${workers} worker(s): ${perSecond.toFixed(0)} deliveries/s; bare signed POST loop ${bare.toFixed(0)}/s`,
    );
    result('deliveries_per_second', perSecond, 'deliveries/s', bare, perSecond / bare, { workers });
  }

  const latencies = await withWorkers(null, async () => {
    const measured: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const [n] = await commitEvents(1);
      const committed = performance.now();
      pending.push(waitForArrivals([n!]).then(() => void measured.push(arrivals.get(n!)! - committed)));
      await new Promise((resolve) => setTimeout(resolve, LATENCY_INTERVAL_MS));
    }
    await Promise.all(pending);
    return measured.sort((a, b) => a - b);
  });
  const bareLatencies: number[] = [];
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const started = performance.now();
    await barePost(2_000_000_000 + i);
    bareLatencies.push(performance.now() - started);
  }
  bareLatencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  const bareP99 = percentile(bareLatencies, 99);
  console.error(
    `event → receiver: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; bare POST p99 ${bareP99.toFixed(1)} ms`,
  );
  result('latency_p99', p99, 'ms', bareP99, p99 / bareP99);

  await relay.close();
  await watcher.end();
  await closeQueues();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
}

if (process.env.WEBHOOK_BENCH_CHILD === '1') {
  child().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
