/**
 * The three PostgreSQL roles an install owns (docs/decisions/019-two-installs-one-cluster.md) and
 * the names the SQL migrations are written with. server/installNames.ts derives an install's
 * prefix from its configuration; db/ only needs the shape.
 */
export type DbRoles = {
  /** Owns the database and its objects; runs migrations and maintenance. */
  owner: string;
  /** The runtime role: serves requests under RLS. */
  app: string;
  /** Entered with SET LOCAL ROLE by the audit purge job only. */
  auditPurge: string;
};

export function dbRolesFor(prefix: string): DbRoles {
  return { owner: `${prefix}_owner`, app: `${prefix}_app`, auditPurge: `${prefix}_audit_purge` };
}

/** The role names the SQL migrations are written with; replaced by this install's names when they run. */
export const MIGRATION_ROLES: DbRoles = dbRolesFor('atrium');
