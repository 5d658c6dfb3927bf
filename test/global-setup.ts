/**
 * Vitest global setup (runs once, in the main process, before any worker starts).
 *
 * Rebuilds the template database `atrium_test_template` from scratch with the real setup code
 * (the test install's roles `atrium_test_*` from db/setup.ts, then the migrations as
 * `atrium_test_owner`; test/installEnv.ts), and drops the per-worker
 * databases of the previous run so every worker clones a fresh, fully migrated schema.
 * test/worker-setup.ts does the cloning.
 *
 * The PostgreSQL cluster and Redis are shared by everyone on the machine, so a whole run holds a
 * session advisory lock: a second `vitest run` waits here instead of dropping the first run's
 * databases from under it.
 */
import type pg from 'pg';
import { ADVISORY_LOCKS } from '../db/advisoryLocks';
import { applyTestInstallEnv, TEST_DB_NAME, TEST_TEMPLATE_DB } from './installEnv';

export const TEMPLATE_DB = TEST_TEMPLATE_DB;
const RUN_LOCK = ADVISORY_LOCKS.testRun;

function quoteIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

async function acquireRunLock(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [
    RUN_LOCK,
    TEST_DB_NAME,
  ]);
  if (rows[0]?.ok) return;
  console.log('[test] another test run holds the test databases; waiting for it to finish…');
  await admin.query('select pg_advisory_lock($1, hashtext($2))', [RUN_LOCK, TEST_DB_NAME]);
}

export default async function setup(): Promise<() => Promise<void>> {
  applyTestInstallEnv();
  // Imported here, not at the top, so the test install's settings are in place before server/env.ts parses them.
  const { createAdminClient } = await import('../server/database');
  const { ensureRoles, runMigrations } = await import('../db/setup');
  const { databaseInstall } = await import('../server/databaseSetup');
  const { env } = await import('../server/env');

  const admin = createAdminClient();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Tests need PostgreSQL at ${new URL(env.adminDatabaseUrl).host}. Start it with:\n` +
        '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
        `(${(error as Error).message})`,
    );
  }

  try {
    await acquireRunLock(admin);
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname ~ ('^' || $2 || '_w[0-9]+$')`,
      [TEMPLATE_DB, TEST_DB_NAME],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${quoteIdent(datname)} with (force)`);
    }

    await ensureRoles(admin, databaseInstall);
    await admin.query(`create database ${quoteIdent(TEMPLATE_DB)} owner ${quoteIdent(env.dbRoles.owner)}`);

    const ownerUrl = new URL(env.ownerDatabaseUrl);
    ownerUrl.pathname = `/${TEMPLATE_DB}`;
    await runMigrations(databaseInstall, ownerUrl.toString());

    // CREATE DATABASE … TEMPLATE refuses to copy a database that has open connections.
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [TEMPLATE_DB],
    );
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw error;
  }

  // Keep `admin` open: it holds the run lock until teardown (or until this process dies).
  return async () => {
    await admin.query('select pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK, TEST_DB_NAME]).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
}
