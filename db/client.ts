/**
 * Connection factories. The app pool logs in as the runtime role (RLS applies to every query);
 * owner and admin clients are for migrations and maintenance only. Nothing here sets tenant
 * settings: that is server/tenancy/withTenant.ts's job alone. Configuration (URLs, the logger)
 * comes from the caller — server/database.ts for the server — so db/ imports nothing from server/.
 *
 * Every pool and client gets an 'error' listener: when PostgreSQL restarts it ends each open
 * connection, and an 'error' event nobody listens to ends the process. A lost idle connection is
 * dropped by the pool; a query on a lost connection fails on its own (a 503, db/unavailable.ts)
 * and withTenant discards that connection; new ones are opened when PostgreSQL is back.
 */
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';

/** Where lost connections are reported. */
export type ConnectionLog = Pick<Logger, 'warn' | 'debug'>;

const REPORT_EVERY_MS = 10_000;
let lastReportAt = 0;

/** Logs a lost connection, once per burst: a restart ends every pooled connection at once. */
function reportLostConnection(log: ConnectionLog, source: string, error: Error): void {
  const now = Date.now();
  if (now - lastReportAt < REPORT_EVERY_MS)
    return log.debug({ source, err: error.message }, 'database connection lost');
  lastReportAt = now;
  log.warn({ source, err: error.message }, 'database connection lost; reconnecting when PostgreSQL is back');
}

/** Keeps a connection's 'error' event from ending the process. */
export function survivesConnectionLoss<T extends EventEmitter>(emitter: T, source: string, log: ConnectionLog): T {
  emitter.on('error', (error: Error) => reportLostConnection(log, source, error));
  return emitter;
}

export function createAppPool(connectionString: string, log: ConnectionLog): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: 20,
    idleTimeoutMillis: 30_000,
    // While PostgreSQL is unreachable a request fails within seconds instead of waiting.
    connectionTimeoutMillis: 10_000,
    application_name: 'atrium',
  });
  // The pool's 'error' covers idle connections; a checked-out one emits on the client itself.
  survivesConnectionLoss(pool, 'app pool', log);
  pool.on('connect', (client) => survivesConnectionLoss(client, 'app pool connection', log));
  return pool;
}

/** A client of the owner role (migrations, maintenance), at `ownerUrl`. */
export function createOwnerClient(ownerUrl: string, log: ConnectionLog): pg.Client {
  return survivesConnectionLoss(
    new pg.Client({ connectionString: ownerUrl, application_name: 'atrium-owner' }),
    'owner client',
    log,
  );
}

/** A client of the admin in `adminUrl` (creating roles and databases), connected to `database`. */
export function createAdminClient(adminUrl: string, log: ConnectionLog, database = 'postgres'): pg.Client {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return survivesConnectionLoss(
    new pg.Client({ connectionString: url.toString(), application_name: 'atrium-setup' }),
    'admin client',
    log,
  );
}
