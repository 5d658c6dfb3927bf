/**
 * Two installs side by side on one PostgreSQL cluster and one Redis DB
 * (docs/decisions/019-two-installs-one-cluster.md). Each is configured only by its environment —
 * its own database, data folder (so its own generated passwords) and, for the second, an explicit
 * DB_ROLE_PREFIX and REDIS_PREFIX; the first derives both from its database name — and runs as
 * child processes: `server/cli.ts db:migrate` for setup, test/installProcess.ts for the rest.
 *
 * Setting up the second must leave the first's roles and passwords alone; neither may take the
 * other's jobs or hear the other's pub/sub messages, even for the same org and user ids; and every
 * key either writes to Redis carries its prefix.
 *
 * Bounded: each child must answer within 20 s; silence is awaited for 1.5 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../test/live';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const ANSWER_MS = 20_000;
const SILENCE_MS = 1_500;

type Install = {
  database: string;
  /** The roles this install should get: derived from the database name, or DB_ROLE_PREFIX. */
  rolePrefix: string;
  redisPrefix: string;
  extraEnv: Record<string, string>;
  dataDir: string;
};

const INSTALLS: Install[] = [
  {
    database: 'atrium_test_install_a',
    rolePrefix: 'atrium_test_install_a',
    redisPrefix: 'atrium_test_install_a:',
    extraEnv: {},
    dataDir: '',
  },
  {
    database: 'atrium_test_install_b',
    rolePrefix: 'atrium_test_other',
    redisPrefix: 'other:',
    extraEnv: { DB_ROLE_PREFIX: 'atrium_test_other', REDIS_PREFIX: 'other:' },
    dataDir: '',
  },
];
const [first, second] = INSTALLS as [Install, Install];

function adminUrl(database: string): string {
  const url = new URL(process.env.ATRIUM_TEST_BASE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

function envOf(install: Install): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: adminUrl(install.database),
    DATA_DIR: install.dataDir,
  };
  // The test worker's own install settings (test/installEnv.ts) must not leak into these installs.
  for (const name of ['DB_ROLE_PREFIX', 'REDIS_PREFIX', 'APP_DB_PASSWORD', 'OWNER_DB_PASSWORD']) delete env[name];
  return { ...env, ...install.extraEnv };
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl('postgres'), application_name: 'atrium-test-installs' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the databases and the roles these installs get; never any other role. */
async function dropInstalls(): Promise<void> {
  await admin(async (client) => {
    for (const install of INSTALLS) {
      await client.query(`drop database if exists "${install.database}" with (force)`);
    }
    for (const install of INSTALLS) {
      for (const suffix of ['audit_purge', 'app', 'owner']) {
        await client.query(`drop role if exists "${install.rolePrefix}_${suffix}"`);
      }
    }
  });
}

async function setUp(install: Install): Promise<void> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'db:migrate'], {
    cwd: REPO_ROOT,
    env: envOf(install),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`db:migrate of ${install.database} exited ${code}:\n${output.join('')}`);
}

function secretsOf(install: Install): { appDbPassword: string; ownerDbPassword: string } {
  return JSON.parse(readFileSync(join(install.dataDir, 'secrets.json'), 'utf8')) as {
    appDbPassword: string;
    ownerDbPassword: string;
  };
}

/** Whether PostgreSQL's stored SCRAM-SHA-256 verifier of `role` accepts `password` (RFC 5802/7677). */
async function passwordVerifies(role: string, password: string): Promise<boolean> {
  const { rows } = await admin((client) =>
    client.query<{ verifier: string | null }>('select rolpassword as verifier from pg_authid where rolname = $1', [
      role,
    ]),
  );
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(rows[0]?.verifier ?? '');
  if (!match) return false;
  const [, iterations, salt, storedKey] = match as unknown as [string, string, string, string];
  const salted = pbkdf2Sync(password, Buffer.from(salt, 'base64'), Number(iterations), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === storedKey;
}

type Running = {
  lines: string[];
  send(command: string): void;
  /** Waits for a line matching `pattern` that appeared after `from` (a line index). */
  waitFor(pattern: RegExp, from?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
};

async function start(install: Install): Promise<Running> {
  const lines: string[] = [];
  const errors: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/installProcess.ts'], {
    cwd: REPO_ROOT,
    env: envOf(install),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));

  const waitFor = async (pattern: RegExp, from = 0) => {
    const deadline = Date.now() + ANSWER_MS;
    for (;;) {
      for (const line of lines.slice(from)) {
        const match = pattern.exec(line);
        if (match) return match;
      }
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`${install.database}: no ${pattern}:\n${lines.join('\n')}\n${errors.join('')}`);
      }
      await sleep(25);
    }
  };
  const running: Running = {
    lines,
    send: (command) => child.stdin?.write(`${command}\n`),
    waitFor,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  await waitFor(/^READY$/);
  return running;
}

/** Sends a command and waits for its answer. */
async function ask(install: Running, command: string, answer: RegExp): Promise<RegExpExecArray> {
  const from = install.lines.length;
  install.send(command);
  return install.waitFor(answer, from);
}

describe('two installs on one PostgreSQL cluster and one Redis', () => {
  let a: Running | undefined;
  let b: Running | undefined;

  beforeAll(async () => {
    for (const install of INSTALLS) install.dataDir = mkdtempSync(join(tmpdir(), 'atrium-install-'));
    await dropInstalls();
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropInstalls();
    for (const install of INSTALLS) rmSync(install.dataDir, { recursive: true, force: true });
  });

  it('sets up the second install without touching the first one’s roles or passwords', async () => {
    await setUp(first);
    await setUp(second);
    a = await start(first);
    b = await start(second);

    const rolesOf = async (install: Running) =>
      JSON.parse((await ask(install, 'whoami', /^WHOAMI (.+)$/))[1]!) as { app: string; owner: string };
    const [rolesA, rolesB] = [await rolesOf(a), await rolesOf(b)];
    const [secretsA, secretsB] = [secretsOf(first), secretsOf(second)];

    // The first install's own passwords still log its roles in after the second one's setup.
    expect(await passwordVerifies(rolesA.app, secretsA.appDbPassword)).toBe(true);
    expect(await passwordVerifies(rolesA.owner, secretsA.ownerDbPassword)).toBe(true);
    expect(await passwordVerifies(rolesB.app, secretsB.appDbPassword)).toBe(true);
    expect(await passwordVerifies(rolesB.owner, secretsB.ownerDbPassword)).toBe(true);

    expect(rolesA).toEqual({ app: 'atrium_test_install_a_app', owner: 'atrium_test_install_a_owner' });
    expect(rolesB).toEqual({ app: 'atrium_test_other_app', owner: 'atrium_test_other_owner' });
    const owners = await admin((client) =>
      client.query<{ datname: string; owner: string }>(
        'select datname, pg_get_userbyid(datdba) as owner from pg_database where datname = any($1) order by datname',
        [INSTALLS.map((install) => install.database)],
      ),
    );
    expect(owners.rows).toEqual([
      { datname: first.database, owner: rolesA.owner },
      { datname: second.database, owner: rolesB.owner },
    ]);
  }, 120_000);

  it('keeps each install’s pub/sub messages to itself, even for the same org and user', async () => {
    if (!a || !b) throw new Error('the installs did not start');
    const orgId = randomUUID();
    const userId = randomUUID();
    await Promise.all([ask(a, `listen ${orgId}`, /^LISTENING$/), ask(b, `listen ${orgId}`, /^LISTENING$/)]);

    const fromB = b.lines.length;
    const fromA = a.lines.length;
    await ask(a, `publish ${orgId} ${userId} from-a`, /^PUBLISHED$/);
    await a.waitFor(/^HEARD activity from-a$/, fromA);
    await a.waitFor(/^HEARD presence /, fromA);
    await a.waitFor(/^HEARD signout /, fromA);
    await sleep(SILENCE_MS);
    expect(b.lines.slice(fromB).filter((line) => line.startsWith('HEARD'))).toEqual([]);

    const fromA2 = a.lines.length;
    await ask(b, `publish ${orgId} ${userId} from-b`, /^PUBLISHED$/);
    await b.waitFor(/^HEARD activity from-b$/);
    await sleep(SILENCE_MS);
    expect(a.lines.slice(fromA2).filter((line) => line.startsWith('HEARD'))).toEqual([]);
  }, 60_000);

  it('runs each install’s jobs only in that install, as its own runtime role', async () => {
    if (!a || !b) throw new Error('the installs did not start');
    const orgId = randomUUID();
    await ask(b, 'work', /^WORKING$/);
    await ask(a, `enqueue ${orgId} job-of-a`, /^ENQUEUED job-of-a$/);
    await sleep(SILENCE_MS);
    expect(b.lines.filter((line) => line.startsWith('PROCESSED'))).toEqual([]);

    await ask(a, 'work', /^WORKING$/);
    await a.waitFor(/^PROCESSED job-of-a atrium_test_install_a_app$/);
    await ask(b, `enqueue ${orgId} job-of-b`, /^ENQUEUED job-of-b$/);
    await b.waitFor(/^PROCESSED job-of-b atrium_test_other_app$/);
    await sleep(SILENCE_MS);
    expect(a.lines.filter((line) => line.startsWith('PROCESSED'))).toEqual([
      'PROCESSED job-of-a atrium_test_install_a_app',
    ]);
    expect(b.lines.filter((line) => line.startsWith('PROCESSED'))).toEqual([
      'PROCESSED job-of-b atrium_test_other_app',
    ]);
  }, 60_000);

  it('puts every key either install wrote to Redis under that install’s prefix', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    try {
      const keys = await redis.keys('*');
      const outside = keys.filter((key) => !INSTALLS.some((install) => key.startsWith(install.redisPrefix)));
      expect(outside).toEqual([]);
      for (const install of INSTALLS) {
        expect(keys.some((key) => key.startsWith(`${install.redisPrefix}presence:`))).toBe(true);
        expect(keys.some((key) => key.startsWith(`${install.redisPrefix}installProbe:`))).toBe(true);
      }
    } finally {
      redis.disconnect();
    }
  });
});
