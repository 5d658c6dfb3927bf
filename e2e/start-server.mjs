// The Playwright webServer command. Playwright starts the web server before its globalSetup, so
// the database is prepared here: drop atrium_e2e, create roles + database + migrate and seed the
// demo data through the CLI (the same path as `npm start`), empty the dev mailbox and the e2e Redis database, then run the
// server until Playwright stops it. A run holds an advisory lock for its lifetime, so a second
// Playwright run on the same machine waits instead of dropping the first one's database.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { requireServices, ROOT, run } from '../scripts/preflight.mjs';

const E2E_LOCK = 7242012;
// Every journey signs people up from 127.0.0.1; the production default (20 an hour) would stop the suite.
// Audit push journeys send to a receiver on loopback over http, which production refuses by default.
const env = {
  SIGNUP_LIMIT_PER_IP_HOUR: '1000',
  OUTBOUND_ALLOW_PRIVATE_URLS: 'true',
  ...process.env,
  NODE_ENV: 'production',
};
const databaseUrl = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_e2e');
const database = decodeURIComponent(databaseUrl.pathname.slice(1));
const dataDir = join(ROOT, env.DATA_DIR ?? '.data/e2e');
const tsNode = ['--import', 'tsx'];

function fail(message) {
  console.error(`✗ e2e server: ${message}`);
  process.exit(1);
}

if (!/^atrium_e2e\w*$/.test(database))
  fail(`refusing to drop "${database}": the e2e database name must start with atrium_e2e`);
await requireServices(env);

const adminUrl = new URL(databaseUrl);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString(), application_name: 'atrium-e2e-setup' });
await admin.connect();
// One lock per e2e database: runs on different databases (ATRIUM_E2E_NAME) do not wait for each other.
const { rows } = await admin.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [E2E_LOCK, database]);
if (!rows[0].ok) {
  console.log('› Another end-to-end run is using the e2e database; waiting for it to finish…');
  await admin.query('select pg_advisory_lock($1, hashtext($2))', [E2E_LOCK, database]);
}
await admin.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);

// The e2e install's roles are its own (DB_ROLE_PREFIX defaults to the database name, atrium_e2e…),
// so its generated passwords live in its own data folder and never touch a developer's server.
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
rmSync(join(dataDir, 'mailbox'), { recursive: true, force: true });

// Rate-limit counters and Bull jobs of an earlier run must not leak into this one.
const { Redis } = await import('ioredis');
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379/15', { lazyConnect: true, maxRetriesPerRequest: 1 });
await redis.connect();
await redis.flushdb();
redis.disconnect();

for (const command of ['db:migrate', 'demo:seed']) {
  console.log(`› e2e: ${command}`);
  const code = await run(process.execPath, [...tsNode, 'server/cli.ts', command], { env });
  if (code !== 0) fail(`${command} failed (exit ${code})`);
}

// Billing talks to a Stripe stand-in on loopback (test/stripeStandIn.ts, run in this process for
// the server's lifetime): these machines cannot reach Stripe, and journeys never pay for real.
if (!env.STRIPE_SECRET_KEY) {
  const { tsImport } = await import('tsx/esm/api');
  const { startStripeStandIn } = await tsImport('../test/stripeStandIn.ts', import.meta.url);
  const stripe = await startStripeStandIn();
  env.STRIPE_SECRET_KEY = 'sk_test_e2e';
  env.STRIPE_API_URL = stripe.url;
}

const server = spawn(process.execPath, [...tsNode, 'server/index.ts'], { cwd: ROOT, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}
server.on('exit', (code, signal) => {
  admin.end().finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
