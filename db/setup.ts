/**
 * Prepares a database from nothing: this install's roles, the database itself, migrations and the
 * permission catalogue. Safe to run again. Connects as the admin (`adminUrl`) only to create
 * roles and the database; everything inside the database runs as the owner role (`<prefix>_owner`).
 * The caller passes the install's configuration (server/databaseSetup.ts for the server), so db/
 * imports nothing from server/.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { ADVISORY_LOCKS } from './advisoryLocks';
import { createAdminClient, createOwnerClient, survivesConnectionLoss, type ConnectionLog } from './client';
import type { DbRoles } from './installRoles';
import { migrationsFolderFor } from './migrationsForRoles';

/** What setting up one install's database needs to know. */
export type DatabaseInstall = {
  /** An admin that may create roles and databases (DATABASE_URL). */
  adminUrl: string;
  /** The install's database, as its owner role. */
  ownerUrl: string;
  databaseName: string;
  roles: DbRoles;
  ownerPassword: string;
  appPassword: string;
  /** The permission catalogue (key → description) kept in the permissions table. */
  permissions: Readonly<Record<string, string>>;
  log: ConnectionLog;
};

export type RoleCredentials = Pick<DatabaseInstall, 'roles' | 'ownerPassword' | 'appPassword'>;
export type MigrationTarget = Pick<DatabaseInstall, 'ownerUrl' | 'roles' | 'permissions' | 'log'>;

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
function quoteIdent(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Creates or updates this install's roles (cluster-wide, named by DB_ROLE_PREFIX): the owner, the
 * runtime role and the audit purge role. Only this install's roles are touched, so a second
 * install on the same cluster keeps its own passwords.
 */
export async function ensureRoles(
  admin: pg.Client,
  { roles, ownerPassword, appPassword }: RoleCredentials,
): Promise<void> {
  const owner = quoteIdent(roles.owner);
  const app = quoteIdent(roles.app);
  const auditPurge = quoteIdent(roles.auditPurge);
  // Serialise concurrent setups (parallel test workers, two npm starts) on one lock.
  await admin.query('select pg_advisory_lock($1)', [ADVISORY_LOCKS.installRoles]);
  try {
    const { rows } = await admin.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [
      [roles.owner, roles.app, roles.auditPurge],
    ]);
    const existing = new Set(rows.map((r) => r.rolname));
    if (!existing.has(roles.owner)) await admin.query(`create role ${owner} login`);
    if (!existing.has(roles.app)) await admin.query(`create role ${app} login`);
    await admin.query(
      `alter role ${owner} login nosuperuser bypassrls createdb password ${quoteLiteral(ownerPassword)}`,
    );
    await admin.query(
      `alter role ${app} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password ${quoteLiteral(appPassword)}`,
    );
    // Outside a tenant transaction the settings hold the nil UUID, which matches no row.
    await admin.query(`alter role ${app} set app.org_id = '${NIL_UUID}'`);
    await admin.query(`alter role ${app} set app.user_id = '${NIL_UUID}'`);
    // The audit purge role (docs/decisions/010-audit.md): cannot log in; the purge job's tenant
    // transaction enters it with SET LOCAL ROLE, and migration 0010 lets it only DELETE expired events.
    if (!existing.has(roles.auditPurge)) await admin.query(`create role ${auditPurge} nologin`);
    await admin.query(`alter role ${auditPurge} nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit`);
    await admin.query(`grant ${auditPurge} to ${app}`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [ADVISORY_LOCKS.installRoles]);
  }
}

/**
 * Creates the database owned by this install's owner role. An existing database owned by another
 * role was set up under another DB_ROLE_PREFIX (before it existed, every install used `atrium`):
 * migrating it with new roles would leave them without grants, so setup refuses and says which
 * prefix the database belongs to.
 */
export async function ensureDatabase(install: DatabaseInstall, name = install.databaseName): Promise<boolean> {
  const admin = createAdminClient(install.adminUrl, install.log);
  await admin.connect();
  try {
    await ensureRoles(admin, install);
    const { rows } = await admin.query<{ owner: string }>(
      'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1',
      [name],
    );
    const current = rows[0];
    if (current) {
      if (current.owner !== install.roles.owner)
        throw new Error(foreignOwnerMessage(name, current.owner, install.roles));
      return false;
    }
    await admin.query(`create database ${quoteIdent(name)} owner ${quoteIdent(install.roles.owner)}`);
    return true;
  } finally {
    await admin.end();
  }
}

function foreignOwnerMessage(database: string, owner: string, roles: DbRoles): string {
  const prefix = owner.endsWith('_owner') ? owner.slice(0, -'_owner'.length) : null;
  return (
    `Database "${database}" is owned by "${owner}", not by this install's owner role "${roles.owner}". ` +
    (prefix
      ? `Set DB_ROLE_PREFIX=${prefix} to keep using its roles.`
      : 'Set DB_ROLE_PREFIX to the prefix it was set up with.')
  );
}

/** Migrates the database at `connectionString` (the install's own by default) and syncs the catalogue. */
export async function runMigrations(target: MigrationTarget, connectionString?: string): Promise<void> {
  const client = connectionString
    ? survivesConnectionLoss(
        new (await import('pg')).default.Client({ connectionString }),
        'migration client',
        target.log,
      )
    : createOwnerClient(target.ownerUrl, target.log);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    const migrations = migrationsFolderFor(MIGRATIONS_FOLDER, target.roles);
    try {
      await migrate(drizzle(client), { migrationsFolder: migrations.folder });
    } finally {
      migrations.dispose();
    }
    await syncPermissionCatalogue(client, target.permissions);
  } finally {
    await client.end();
  }
}

async function syncPermissionCatalogue(
  client: pg.Client,
  permissions: Readonly<Record<string, string>>,
): Promise<void> {
  const entries = Object.entries(permissions);
  await client.query(
    `insert into permissions (key, description)
     select * from unnest($1::text[], $2::text[])
     on conflict (key) do update set description = excluded.description`,
    [entries.map(([k]) => k), entries.map(([, d]) => d)],
  );
  await client.query('delete from permissions where not (key = any($1::text[]))', [entries.map(([k]) => k)]);
}

/** Everything `npm start` needs before serving. */
export async function prepareDatabase(install: DatabaseInstall): Promise<{ created: boolean }> {
  const created = await ensureDatabase(install);
  await runMigrations(install);
  return { created };
}
