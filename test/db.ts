/**
 * Superuser access to this worker's database, for what the application must never do itself:
 * inspecting rows across tenants, reading the catalogue, tampering with data to prove a guard.
 * Application code under test goes through withTenant / withActor (server/tenancy/withTenant.ts).
 */
import pg from 'pg';

let adminPool: pg.Pool | undefined;

function getAdminPool(): pg.Pool {
  // DATABASE_URL is the worker database as the postgres superuser (set by test/worker-setup.ts).
  adminPool ??= new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: 2,
    application_name: 'atrium-test-admin',
  });
  return adminPool;
}

/** Runs one statement as the superuser against the worker database (RLS does not apply). */
export async function adminQuery<Row extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const { rows } = await getAdminPool().query<Row>(text, params);
  return rows;
}

export async function closeAdminPool(): Promise<void> {
  const pool = adminPool;
  adminPool = undefined;
  await pool?.end();
}

/** A PostgreSQL error as pg reports it (drizzle wraps it as the `cause` of its own error). */
export type PgError = Error & { code?: string; table?: string; constraint?: string };

/**
 * Awaits work that must fail in PostgreSQL and returns the database's own error, unwrapping
 * drizzle's "Failed query" wrapper, so a test can assert the SQLSTATE and message.
 */
export async function pgErrorFrom(work: Promise<unknown> | (() => Promise<unknown>)): Promise<PgError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    let current: unknown = error;
    while (current instanceof Error) {
      if (typeof (current as PgError).code === 'string' && 'severity' in current) return current as PgError;
      current = current.cause;
    }
    throw error;
  }
  throw new Error('Expected the database to refuse this, but it succeeded');
}
