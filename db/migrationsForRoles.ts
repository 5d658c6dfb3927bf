/**
 * The SQL migrations name the roles literally (`atrium_owner`, `atrium_app`,
 * `atrium_audit_purge`) in grants, policies and functions; an install with its own role prefix
 * runs them from a temporary copy of the folder with those names replaced by its own. The files
 * in the repository are never rewritten, so a database migrated earlier stays valid: drizzle's
 * pg migrator applies an entry when the journal's `when` is newer than the last applied
 * `created_at` and never compares the stored hashes (drizzle-orm pg-core/dialect.js, migrate()).
 * New migration files are picked up as they are: every `*.sql` of the journal is rewritten.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbRoles, MIGRATION_ROLES } from './installRoles';

type Journal = { entries: { tag: string }[] };

/** Replaces whole-word occurrences of the migration role names; `atrium_app_x` or `'atrium-audit-v1'` stay. */
export function renameRolesInSql(text: string, roles: DbRoles): string {
  const byLiteral = new Map<string, string>([
    [MIGRATION_ROLES.owner, roles.owner],
    [MIGRATION_ROLES.app, roles.app],
    [MIGRATION_ROLES.auditPurge, roles.auditPurge],
  ]);
  const pattern = new RegExp(`\\b(${[...byLiteral.keys()].join('|')})\\b`, 'g');
  return text.replace(pattern, (literal) => byLiteral.get(literal) ?? literal);
}

export type MigrationsCopy = { folder: string; dispose(): void };

/** The migrations folder to run for these roles: the original for the default names, else a renamed copy. */
export function migrationsFolderFor(sourceFolder: string, roles: DbRoles): MigrationsCopy {
  const isDefault = (Object.keys(roles) as (keyof DbRoles)[]).every((role) => roles[role] === MIGRATION_ROLES[role]);
  if (isDefault) {
    return { folder: sourceFolder, dispose: () => undefined };
  }
  const folder = mkdtempSync(join(tmpdir(), 'atrium-migrations-'));
  try {
    const journalText = readFileSync(join(sourceFolder, 'meta', '_journal.json'), 'utf8');
    mkdirSync(join(folder, 'meta'));
    writeFileSync(join(folder, 'meta', '_journal.json'), journalText);
    for (const { tag } of (JSON.parse(journalText) as Journal).entries) {
      const sql = readFileSync(join(sourceFolder, `${tag}.sql`), 'utf8');
      writeFileSync(join(folder, `${tag}.sql`), renameRolesInSql(sql, roles));
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}
