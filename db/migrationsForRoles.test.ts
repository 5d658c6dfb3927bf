import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dbRolesFor, MIGRATION_ROLES } from './installRoles';
import { migrationsFolderFor, renameRolesInSql } from './migrationsForRoles';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

describe('migrations for an install’s roles', () => {
  it('renames whole role names only, in grants, policies and string literals', () => {
    const sql = [
      'GRANT SELECT ON t TO atrium_app, atrium_audit_purge;',
      "IF current_user = 'atrium_audit_purge' THEN",
      'ALTER TABLE t OWNER TO atrium_owner;',
      "digest('atrium-audit-v1' || x), atrium_app_settings, xatrium_app",
    ].join('\n');
    expect(renameRolesInSql(sql, dbRolesFor('shop'))).toBe(
      [
        'GRANT SELECT ON t TO shop_app, shop_audit_purge;',
        "IF current_user = 'shop_audit_purge' THEN",
        'ALTER TABLE t OWNER TO shop_owner;',
        "digest('atrium-audit-v1' || x), atrium_app_settings, xatrium_app",
      ].join('\n'),
    );
  });

  it('runs the repository’s folder as it is for the default names', () => {
    const copy = migrationsFolderFor(MIGRATIONS, MIGRATION_ROLES);
    expect(copy.folder).toBe(MIGRATIONS);
  });

  it('copies every migration of the journal with the names replaced, and removes the copy', () => {
    const copy = migrationsFolderFor(MIGRATIONS, dbRolesFor('shop'));
    try {
      const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
        entries: { tag: string }[];
      };
      expect(readFileSync(join(copy.folder, 'meta', '_journal.json'), 'utf8')).toBe(
        readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8'),
      );
      for (const { tag } of journal.entries) {
        const copied = readFileSync(join(copy.folder, `${tag}.sql`), 'utf8');
        expect(copied).not.toMatch(/\batrium_(owner|app|audit_purge)\b/);
        expect(copied).toBe(renameRolesInSql(readFileSync(join(MIGRATIONS, `${tag}.sql`), 'utf8'), dbRolesFor('shop')));
      }
    } finally {
      copy.dispose();
    }
    expect(existsSync(copy.folder)).toBe(false);
  });
});
