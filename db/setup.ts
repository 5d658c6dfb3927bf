/**
 * Prepares a database from nothing: the two roles, the database itself, migrations and the
 * permission catalogue. Safe to run again. Connects as the admin in DATABASE_URL only to create
 * roles and the database; everything inside the database runs as atrium_owner.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { PERMISSIONS } from '../server/authz/permissions';
import { env } from '../server/env';
import { createAdminClient, createOwnerClient, survivesConnectionLoss } from './client';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
function quoteIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Creates or updates the owner and runtime roles (cluster-wide). */
export async function ensureRoles(admin: pg.Client): Promise<void> {
  // Serialise concurrent setups (parallel test workers, two npm starts) on one lock.
  await admin.query('select pg_advisory_lock(7242001)');
  try {
    const { rows } = await admin.query<{ rolname: string }>(
      `select rolname from pg_roles where rolname in ('atrium_owner', 'atrium_app')`,
    );
    const existing = new Set(rows.map((r) => r.rolname));
    if (!existing.has('atrium_owner')) await admin.query('create role atrium_owner login');
    if (!existing.has('atrium_app')) await admin.query('create role atrium_app login');
    await admin.query(
      `alter role atrium_owner login nosuperuser bypassrls createdb password ${quoteLiteral(env.ownerDbPassword)}`,
    );
    await admin.query(
      `alter role atrium_app login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password ${quoteLiteral(env.appDbPassword)}`,
    );
    // Outside a tenant transaction the settings hold the nil UUID, which matches no row.
    await admin.query(`alter role atrium_app set app.org_id = '${NIL_UUID}'`);
    await admin.query(`alter role atrium_app set app.user_id = '${NIL_UUID}'`);
    // The audit purge role (docs/decisions/010-audit.md): cannot log in; the purge job's tenant
    // transaction enters it with SET LOCAL ROLE, and migration 0010 lets it only DELETE expired events.
    if (!(await admin.query(`select 1 from pg_roles where rolname = 'atrium_audit_purge'`)).rowCount) {
      await admin.query('create role atrium_audit_purge nologin');
    }
    await admin.query(
      'alter role atrium_audit_purge nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit',
    );
    await admin.query('grant atrium_audit_purge to atrium_app');
  } finally {
    await admin.query('select pg_advisory_unlock(7242001)');
  }
}

export async function ensureDatabase(name = env.databaseName): Promise<boolean> {
  const admin = createAdminClient();
  await admin.connect();
  try {
    await ensureRoles(admin);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`create database ${quoteIdent(name)} owner atrium_owner`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function runMigrations(connectionString?: string): Promise<void> {
  const client = connectionString
    ? survivesConnectionLoss(new (await import('pg')).default.Client({ connectionString }), 'migration client')
    : createOwnerClient();
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(7242002)');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await syncPermissionCatalogue(client);
  } finally {
    await client.end();
  }
}

async function syncPermissionCatalogue(client: pg.Client): Promise<void> {
  const entries = Object.entries(PERMISSIONS);
  await client.query(
    `insert into permissions (key, description)
     select * from unnest($1::text[], $2::text[])
     on conflict (key) do update set description = excluded.description`,
    [entries.map(([k]) => k), entries.map(([, d]) => d)],
  );
  await client.query('delete from permissions where not (key = any($1::text[]))', [entries.map(([k]) => k)]);
}

/** Everything `npm start` needs before serving. */
export async function prepareDatabase(): Promise<{ created: boolean }> {
  const created = await ensureDatabase();
  await runMigrations();
  return { created };
}
