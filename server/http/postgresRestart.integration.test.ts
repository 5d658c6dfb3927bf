/**
 * The server through a PostgreSQL restart. A throwaway cluster (initdb as the postgres user, in
 * a temp dir, on a port of our own) plays the database; the API surface (as in
 * health.integration.test.ts) and the outbox relay run in a child process pointed at it, with
 * NODE_ENV=production. The relay publishes to a Redis the test starts only at the end, so the
 * outbox rows written before the restarts are still pending across them and must be delivered
 * afterwards. Every wait is bounded; afterAll stops the child, Redis and the cluster.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATABASE = 'atrium_pg_restart';
const MESSAGE = 'The database is unavailable; try again shortly';
/** A well-formed session token that matches no session: every request asks PostgreSQL, then answers 401. */
const SESSION_COOKIE = `atrium_session=${'a'.repeat(32)}`;

const SETUP_SCRIPT = `
const { prepareDatabase } = await import('./server/databaseSetup.ts');
await prepareDatabase();
process.exit(0);
`;

const APP_SCRIPT = `
const { default: express } = await import('express');
const { healthHandler } = await import('./server/http/health.ts');
const { assignNonce, limitBody, securityHeaders } = await import('./server/http/security.ts');
const { createTrpcHttpMiddleware } = await import('./server/http/trpcHttp.ts');
const { startOutboxRelay } = await import('./server/realtime/outboxRelay.ts');
const { getLoadContext } = await import('./server/remix/loadContext.ts');
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (req, res, next) => { healthHandler(req, res).catch(next); });
app.use(assignNonce, securityHeaders, limitBody);
app.use('/trpc', createTrpcHttpMiddleware());
// What a Remix loader does: the session through the load context, then a procedure through its caller.
app.get('/loader', async (req, res) => {
  res.locals.cspNonce = 'n';
  try {
    const { caller } = await getLoadContext(req, res).trpc();
    await caller.invitations.preview({ token: 'a'.repeat(43) });
    res.json({ status: 200 });
  } catch (error) {
    res.json(error?.init ? { status: error.init.status, data: error.data } : { status: 500, error: String(error?.code) });
  }
});
startOutboxRelay({ redisUrl: process.env.RELAY_REDIS_URL, pollIntervalMs: 250 });
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

function postgresBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0] ?? '', 'bin', name);
}

/** Runs a PostgreSQL tool as the postgres user (initdb refuses root), without blocking the requests in flight. */
async function asPostgres(tool: string, args: string[]): Promise<void> {
  await promisify(execFile)('runuser', ['-u', 'postgres', '--', postgresBin(tool), ...args], { timeout: 60_000 });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
  output: string[],
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No ${pattern} within ${timeoutMs} ms:\n${output.join('')}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = pattern.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before ${pattern}:\n${output.join('')}`));
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

type Answer = { status: number; body: unknown };

describe('the server through a PostgreSQL restart (child process, own cluster)', () => {
  let dir: string;
  let dataDir: string;
  let databaseUrl: string;
  /** Never the default port: `pg_ctl start` without them would take the shared cluster's. */
  let serverOptions: string;
  let relayRedisPort: number;
  let app: ChildProcess | undefined;
  let redis: ChildProcess | undefined;
  let baseUrl: string;
  const appOutput: string[] = [];

  // -l: the server's output goes to a file, never to the pipe pg_ctl's caller waits on.
  const pgCtl = (...args: string[]) =>
    asPostgres('pg_ctl', ['-D', dataDir, '-l', join(dir, 'log'), '-w', '-t', '30', ...args]);

  async function get(path: string, cookie = SESSION_COOKIE): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { cookie },
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.json() };
  }
  const orgsMine = () => get('/trpc/orgs.mine');

  async function superuser<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  const pendingOutbox = () =>
    superuser(async (client) =>
      Number((await client.query('select count(*) from outbox where published_at is null')).rows[0].count),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-pg-'));
    await promisify(execFile)('chown', ['postgres:postgres', dir]);
    dataDir = join(dir, 'data');
    const port = await freePort();
    await asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
    await pgCtl('-o', serverOptions, 'start');
    databaseUrl = `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
    };

    const setup = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SETUP_SCRIPT], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const setupOutput: string[] = [];
    setup.stderr.on('data', (chunk: Buffer) => setupOutput.push(chunk.toString()));
    const [code] = (await once(setup, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`database setup failed:\n${setupOutput.join('')}`);

    // Events written before any restart; nothing can publish them until the relay's Redis exists.
    await superuser(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into organizations (slug, name) values ('restart', 'Restart Inc') returning id`,
      );
      await client.query(
        `insert into outbox (org_id, topic, type, data) select $1, 'activity', 'test.event', jsonb_build_object('n', n) from generate_series(1, 25) n`,
        [rows[0]?.id],
      );
    });

    relayRedisPort = await freePort();
    app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', APP_SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...childEnv, RELAY_REDIS_URL: `redis://127.0.0.1:${relayRedisPort}/0` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, appPort] = await waitForLine(app, /LISTENING (\d+)/, 20_000, appOutput);
    baseUrl = `http://127.0.0.1:${appPort}`;
  }, 120_000);

  afterAll(async () => {
    await stop(app);
    await stop(redis);
    if (dataDir) {
      try {
        await pgCtl('-m', 'immediate', 'stop');
      } catch {
        // Already stopped.
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('serves while PostgreSQL is up', async () => {
    expect(await orgsMine()).toMatchObject({ status: 401 });
    expect(await get('/loader', '')).toEqual({ status: 200, body: { status: 500, error: 'NOT_FOUND' } });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { postgres: 'up' } });
  });

  it('stays up through a restart under load and serves again on its own within seconds', async () => {
    const statuses = new Set<number>();
    let isLoading = true;
    const worker = async () => {
      while (isLoading) {
        const answer = await orgsMine().catch(() => ({ status: 0, body: null }));
        statuses.add(answer.status);
        if (answer.status === 503) expect(answer.body).toMatchObject({ error: { json: { message: MESSAGE } } });
      }
    };
    const load = Array.from({ length: 8 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await pgCtl('-m', 'fast', 'restart');
    await expect.poll(orgsMine, { timeout: 10_000, interval: 100 }).toMatchObject({ status: 401 });
    isLoading = false;
    await Promise.all(load);
    expect(app?.exitCode, appOutput.join('')).toBeNull();
    expect([...statuses].filter((status) => status !== 401 && status !== 503)).toEqual([]);
  }, 60_000);

  it('answers 503 with a clear message while PostgreSQL is down, and serves again once it is back', async () => {
    await pgCtl('-m', 'fast', 'stop');
    const down = await orgsMine();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: { json: { message: MESSAGE, data: { code: 'SERVICE_UNAVAILABLE' } } } });
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|terminat|node_modules|\.ts:\d+/);
    expect(await get('/healthz')).toMatchObject({ status: 503, body: { postgres: 'down', message: MESSAGE } });
    // A Remix page: its loader throws a 503 response with the message, whether the session
    // lookup (load context) or a procedure (caller) met the outage.
    expect(await get('/loader')).toEqual({ status: 200, body: { status: 503, data: MESSAGE } });
    expect(await get('/loader', '')).toEqual({ status: 200, body: { status: 503, data: MESSAGE } });

    await pgCtl('-o', serverOptions, 'start');
    await expect.poll(orgsMine, { timeout: 10_000, interval: 100 }).toMatchObject({ status: 401 });
    expect(app?.exitCode, appOutput.join('')).toBeNull();
  }, 60_000);

  it('relays every outbox row written before the restarts', async () => {
    expect(await pendingOutbox()).toBe(25);
    redis = spawn(
      'redis-server',
      ['--port', String(relayRedisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForLine(redis, /Ready to accept connections/, 10_000, []);
    await expect.poll(pendingOutbox, { timeout: 20_000, interval: 250 }).toBe(0);
    expect(app?.exitCode, appOutput.join('')).toBeNull();
  }, 60_000);
});
