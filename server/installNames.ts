/**
 * The names one install owns on shared services (docs/decisions/019-two-installs-one-cluster.md):
 * its PostgreSQL roles, which are cluster-wide, and its Redis namespace, which is shared by every
 * client of the Redis DB. Both default to the database's name, so two installs with two databases
 * on one cluster and one Redis never meet; the default database `atrium` keeps the historical
 * names (`atrium_owner`, `atrium_app`, `atrium_audit_purge`, Bull's `atrium:` keys).
 * Pure: server/env.ts reads the environment and passes the values in.
 */
import { z } from 'zod';
import { dbRolesFor, type DbRoles } from '../db/installRoles';

/** PostgreSQL truncates identifiers longer than this many bytes. */
const MAX_IDENTIFIER_BYTES = 63;
const LONGEST_ROLE_SUFFIX = '_audit_purge';
export const MAX_ROLE_PREFIX_LENGTH = MAX_IDENTIFIER_BYTES - LONGEST_ROLE_SUFFIX.length;

export const ZDbRolePrefix = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier (a-z, 0-9, _; not starting with a digit)')
  .max(MAX_ROLE_PREFIX_LENGTH, `must be at most ${MAX_ROLE_PREFIX_LENGTH} characters, so every role name fits`);

/**
 * Segments separated by `:`, ending with `:`. No braces (they would change the Redis Cluster hash
 * slot of keys that use `{…}` tags), no glob characters, no spaces.
 */
export const ZRedisPrefix = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*:$/, 'must be segments of A-Z, a-z, 0-9, _ . - joined and ended by ":"');

export type InstallNames = { dbRolePrefix: string; dbRoles: DbRoles; redisPrefix: string; bullPrefix: string };

export type InstallNameInput = { databaseName: string; dbRolePrefix?: string; redisPrefix?: string };

/** Resolves the configured or derived names; throws a message naming the variable to set. */
export function resolveInstallNames(input: InstallNameInput): InstallNames {
  const rolePrefix = ZDbRolePrefix.safeParse(input.dbRolePrefix ?? input.databaseName);
  if (!rolePrefix.success) {
    const source = input.dbRolePrefix === undefined ? `the database name "${input.databaseName}"` : 'DB_ROLE_PREFIX';
    throw new Error(
      `DB_ROLE_PREFIX: ${source} ${rolePrefix.error.issues[0]?.message}; set DB_ROLE_PREFIX to a valid prefix`,
    );
  }
  const redisPrefix = ZRedisPrefix.safeParse(input.redisPrefix ?? `${input.databaseName}:`);
  if (!redisPrefix.success) {
    const source =
      input.redisPrefix === undefined ? `"${input.databaseName}:" (from the database name)` : 'REDIS_PREFIX';
    throw new Error(`REDIS_PREFIX: ${source} ${redisPrefix.error.issues[0]?.message}; set REDIS_PREFIX`);
  }
  return {
    dbRolePrefix: rolePrefix.data,
    dbRoles: dbRolesFor(rolePrefix.data),
    redisPrefix: redisPrefix.data,
    // Bull joins its prefix and the queue name with ':' itself.
    bullPrefix: redisPrefix.data.slice(0, -1),
  };
}
