/**
 * Connection pools. The app pool logs in as atrium_app (RLS applies to every query); the owner
 * pool is for migrations and maintenance only. Nothing here sets tenant settings: that is
 * server/tenancy/withTenant.ts's job alone.
 *
 * Every pool and client gets an 'error' listener: when PostgreSQL restarts it ends each open
 * connection, and an 'error' event nobody listens to ends the process. A lost idle connection is
 * dropped by the pool; a query on a lost connection fails on its own (a 503, db/unavailable.ts)
 * and withTenant discards that connection; new ones are opened when PostgreSQL is back.
 */
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { env } from '../server/env';
import { logger } from '../server/logger';

const log = logger.child({ component: 'db' });
const REPORT_EVERY_MS = 10_000;
let lastReportAt = 0;

/** Logs a lost connection, once per burst: a restart ends every pooled connection at once. */
function reportLostConnection(source: string, error: Error): void {
  const now = Date.now();
  if (now - lastReportAt < REPORT_EVERY_MS)
    return log.debug({ source, err: error.message }, 'database connection lost');
  lastReportAt = now;
  log.warn({ source, err: error.message }, 'database connection lost; reconnecting when PostgreSQL is back');
}

/** Keeps a connection's 'error' event from ending the process. */
export function survivesConnectionLoss<T extends EventEmitter>(emitter: T, source: string): T {
  emitter.on('error', (error: Error) => reportLostConnection(source, error));
  return emitter;
}

let appPool: pg.Pool | undefined;

export function getAppPool(): pg.Pool {
  if (appPool) return appPool;
  const pool = new pg.Pool({
    connectionString: env.appDatabaseUrl,
    max: 20,
    idleTimeoutMillis: 30_000,
    // While PostgreSQL is unreachable a request fails within seconds instead of waiting.
    connectionTimeoutMillis: 10_000,
    application_name: 'atrium',
  });
  // The pool's 'error' covers idle connections; a checked-out one emits on the client itself.
  survivesConnectionLoss(pool, 'app pool');
  pool.on('connect', (client) => survivesConnectionLoss(client, 'app pool connection'));
  appPool = pool;
  return pool;
}

export async function closeAppPool(): Promise<void> {
  const pool = appPool;
  appPool = undefined;
  await pool?.end();
}

export function createOwnerClient(): pg.Client {
  return survivesConnectionLoss(
    new pg.Client({ connectionString: env.ownerDatabaseUrl, application_name: 'atrium-owner' }),
    'owner client',
  );
}

export function createAdminClient(database = 'postgres'): pg.Client {
  const url = new URL(env.adminDatabaseUrl);
  url.pathname = `/${database}`;
  return survivesConnectionLoss(
    new pg.Client({ connectionString: url.toString(), application_name: 'atrium-setup' }),
    'admin client',
  );
}
