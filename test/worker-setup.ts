/**
 * Runs in every test worker before each test file, BEFORE any app module is imported: points
 * DATABASE_URL and REDIS_URL at this worker's own database and Redis DB (as the test install of
 * test/installEnv.ts), creates the database from the migrated template on first use, and makes
 * console.error fail the test.
 *
 * It must not import server/env.ts (directly or through app modules): env is parsed once, at
 * import, and has to see the values set here. Only `pg`, `ioredis` and test helpers are used.
 */
import Redis from 'ioredis';
import pg from 'pg';
import { afterAll } from 'vitest';
import { ADVISORY_LOCKS } from '../db/advisoryLocks';
import { installConsoleGuard } from './console-guard';
import { applyTestInstallEnv, TEST_DB_NAME, TEST_OWNER_ROLE, TEST_TEMPLATE_DB } from './installEnv';

const TEMPLATE_DB = TEST_TEMPLATE_DB;
const CREATE_LOCK = ADVISORY_LOCKS.testDatabaseClone;

const poolId = Number(process.env.VITEST_POOL_ID ?? '1');
const workerDb = `${TEST_DB_NAME}_w${poolId}`;

const baseDatabaseUrl = new URL(
  process.env.ATRIUM_TEST_BASE_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium',
);
// Remembered so a later setup in the same process derives from the original, not from our own value.
process.env.ATRIUM_TEST_BASE_DATABASE_URL = baseDatabaseUrl.toString();
const baseRedisUrl = new URL(
  process.env.ATRIUM_TEST_BASE_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
);
process.env.ATRIUM_TEST_BASE_REDIS_URL = baseRedisUrl.toString();

const databaseUrl = new URL(baseDatabaseUrl);
databaseUrl.pathname = `/${workerDb}`;
// Redis DB 0 is development, 15 is the end-to-end server; workers share 1–14.
const redisUrl = new URL(baseRedisUrl);
redisUrl.pathname = `/${1 + (poolId % 14)}`;

applyTestInstallEnv();
// Pub/sub channels ignore the Redis database number: without a prefix of its own, one worker would
// hear another's events and sign-outs.
process.env.REDIS_PREFIX = `${workerDb}:`;
process.env.DATABASE_URL = databaseUrl.toString();
process.env.REDIS_URL = redisUrl.toString();

async function ensureWorkerDatabase(): Promise<void> {
  const adminUrl = new URL(baseDatabaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString(), application_name: 'atrium-test-setup' });
  await admin.connect();
  try {
    const exists = async () => (await admin.query('select 1 from pg_database where datname = $1', [workerDb])).rowCount;
    if (await exists()) return;
    // Cloning is serialised: PostgreSQL refuses to copy a template that another clone is reading.
    await admin.query('select pg_advisory_lock($1)', [CREATE_LOCK]);
    try {
      if (!(await exists())) {
        await admin.query(`create database "${workerDb}" template "${TEMPLATE_DB}" owner "${TEST_OWNER_ROLE}"`);
      }
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [CREATE_LOCK]);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Each test file starts with none of this worker's Redis keys: no queued jobs or cached entries
 * from the last file. Only keys under the worker's prefix go (another checkout's tests may share
 * the Redis database).
 */
async function flushWorkerRedis(): Promise<void> {
  const redis = new Redis(redisUrl.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${workerDb}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

await Promise.all([ensureWorkerDatabase(), flushWorkerRedis()]);

installConsoleGuard();

afterAll(async () => {
  const { closeAdminPool } = await import('./db');
  await closeAdminPool();
  const { closeAppPool } = await import('../server/database');
  await closeAppPool();
});
