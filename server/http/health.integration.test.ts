/**
 * /healthz through a Redis outage, and what a production process shows of an error. The health
 * handler uses the process-wide Redis client on env.REDIS_URL (parsed once at import), so the API
 * surface runs in a child process (tsx) pointed at a port of our own; a redis-server we start and
 * kill on that port plays the outage. The child runs with NODE_ENV=production, which is also
 * where the error formatter must leave stack traces out.
 *
 * Everything is bounded: the child must listen within 20 s, each state change must show within
 * 15 s, and both processes are killed in afterAll whatever happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The API half of server/index.ts, as in bad-input.integration.test.ts; prints its port. */
const API_SERVER_SCRIPT = `
const { default: express } = await import('express');
const { healthHandler } = await import('./server/http/health.ts');
const { assignNonce, limitBody, securityHeaders } = await import('./server/http/security.ts');
const { createTrpcHttpMiddleware } = await import('./server/http/trpcHttp.ts');
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (req, res, next) => { healthHandler(req, res).catch(next); });
app.use(assignNonce, securityHeaders, limitBody);
app.use('/trpc', createTrpcHttpMiddleware());
const server = app.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Collects a child's output for failure messages and resolves on the first stdout line matching `pattern`. */
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

async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

type Health = { status: number; body: unknown };

describe('/healthz through a Redis outage (child process, NODE_ENV=production)', () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let api: ChildProcess | undefined;
  let baseUrl: string;
  const apiOutput: string[] = [];

  async function health(): Promise<Health> {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    // Nothing listens on this port until the test starts redis-server there.
    redisPort = await freePort();
    api = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', API_SERVER_SCRIPT], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, port] = await waitForLine(api, /LISTENING (\d+)/, 20_000, apiOutput);
    baseUrl = `http://127.0.0.1:${port}`;
  }, 30_000);

  afterAll(async () => {
    await stop(api);
    await stop(redis);
  });

  it('boots without Redis and answers 503 with redis down and postgres up', async () => {
    expect(await health()).toEqual({ status: 503, body: { status: 'degraded', postgres: 'up', redis: 'down' } });
  });

  it('answers 200 once Redis is reachable, without a restart', async () => {
    redis = startRedis(redisPort);
    const redisOutput: string[] = [];
    await waitForLine(redis, /Ready to accept connections/, 10_000, redisOutput);
    await expect.poll(health, { timeout: 15_000, interval: 250 }).toEqual({
      status: 200,
      body: { status: 'ok', postgres: 'up', redis: 'up' },
    });
  }, 30_000);

  it('in production a malformed body gets a 400 with a message and no stack trace', async () => {
    const response = await fetch(`${baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"json": {"email": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    const error = (JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } }).error
      .json;
    expect(error.message).toMatch(/JSON/);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data).not.toHaveProperty('stack');
    expect(text).not.toMatch(/node_modules|\.ts:\d+|at .*\(/);
  });

  it('answers 503 with redis down when Redis dies, and keeps serving', async () => {
    await stop(redis, 'SIGKILL');
    await expect.poll(health, { timeout: 15_000, interval: 250 }).toEqual({
      status: 503,
      body: { status: 'degraded', postgres: 'up', redis: 'down' },
    });
    expect(api?.exitCode, apiOutput.join('')).toBeNull();
  }, 30_000);
});
