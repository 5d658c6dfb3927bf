/**
 * Superuser access to this worker's database, for what the application must never do itself:
 * inspecting rows across tenants, reading the catalogue, tampering with data to prove a guard.
 * Application code under test goes through withTenant / withActor (server/tenancy/withTenant.ts).
 */
import pg from 'pg';

let adminPool: pg.Pool | undefined;

function getAdminPool(): pg.Pool {
  // DATABASE_URL is the worker database as the postgres superuser (set by test/worker-setup.ts).
  adminPool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, application_name: 'atrium-test-admin' });
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
