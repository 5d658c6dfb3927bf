// Shared by scripts/start.mjs, scripts/test.mjs and e2e/start-server.mjs. Plain Node ESM with no
// dependencies: it runs before `npm install` has ever happened.
import { spawn } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/atrium';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

/** Runs a command with inherited stdio; resolves with its exit code (signals count as failure). */
export function run(command, args = [], options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** True when node_modules is missing or older than package-lock.json. */
export function needsInstall() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (!existsSync(installed)) return true;
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs;
}

export async function installDependenciesIfNeeded() {
  if (!needsInstall()) return;
  console.log('› Installing dependencies (npm install)…');
  const code = await run('npm', ['install', '--no-audit', '--no-fund']);
  if (code !== 0) {
    console.error('✗ npm install failed.');
    process.exit(code);
  }
  // npm leaves the hidden lockfile untouched when nothing changed; mark the install as current.
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed)) {
    const now = new Date();
    utimesSync(installed, now, now);
  }
}

function canConnect(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function endpoint(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}

/**
 * Checks that PostgreSQL and Redis accept TCP connections at the addresses the app will use.
 * Prints how to start whichever is down and exits 1.
 */
export async function requireServices(env = process.env) {
  const pg = endpoint(env.DATABASE_URL || DEFAULT_DATABASE_URL, 5432);
  const redis = endpoint(env.REDIS_URL || DEFAULT_REDIS_URL, 6379);
  const [pgUp, redisUp] = await Promise.all([canConnect(pg.host, pg.port), canConnect(redis.host, redis.port)]);
  if (pgUp && redisUp) return;
  if (!pgUp) {
    console.error(`✗ PostgreSQL is not reachable at ${pg.host}:${pg.port}. Start it with:\n    ${START_POSTGRES}`);
  }
  if (!redisUp) {
    console.error(`✗ Redis is not reachable at ${redis.host}:${redis.port}. Start it with:\n    ${START_REDIS}`);
  }
  process.exit(1);
}
