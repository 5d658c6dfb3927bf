/**
 * Connection pools. The app pool logs in as atrium_app (RLS applies to every query); the owner
 * pool is for migrations and maintenance only. Nothing here sets tenant settings: that is
 * server/tenancy/withTenant.ts's job alone.
 */
import pg from 'pg';
import { env } from '../server/env';

let appPool: pg.Pool | undefined;

export function getAppPool(): pg.Pool {
  appPool ??= new pg.Pool({
    connectionString: env.appDatabaseUrl,
    max: 20,
    idleTimeoutMillis: 30_000,
    application_name: 'atrium',
  });
  return appPool;
}

export async function closeAppPool(): Promise<void> {
  const pool = appPool;
  appPool = undefined;
  await pool?.end();
}

export function createOwnerClient(): pg.Client {
  return new pg.Client({ connectionString: env.ownerDatabaseUrl, application_name: 'atrium-owner' });
}

export function createAdminClient(database = 'postgres'): pg.Client {
  const url = new URL(env.adminDatabaseUrl);
  url.pathname = `/${database}`;
  return new pg.Client({ connectionString: url.toString(), application_name: 'atrium-setup' });
}
