/**
 * API keys: a member's credential for scripts and integrations, acting with its scopes narrowed
 * by its creator's current permissions (docs/decisions/024-api-keys.md). Only the SHA-256 of the
 * secret is stored; `lookup` is the public part of the token that finds the row. The previous
 * hash keeps working until `previous_valid_until` after a rotation. Keys go with their creator's
 * membership (a removed member's keys are deleted; a deactivated member's stop working).
 */
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './columnTypes';
import { memberships } from './memberships';
import { organizations } from './organizations';

export const apiKeys = pgTable(
  'api_keys',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    lookup: text('lookup').notNull(),
    secretHash: bytea('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    creatorMembershipId: uuid('creator_membership_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    ipAllowlist: text('ip_allowlist')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    previousSecretHash: bytea('previous_secret_hash'),
    previousValidUntil: timestamp('previous_valid_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.creatorMembershipId],
      foreignColumns: [memberships.orgId, memberships.id],
      name: 'api_keys_creator_fk',
    }).onDelete('cascade'),
    // The token names its key by lookup alone, before any tenant is known: unique across orgs.
    uniqueIndex('api_keys_lookup_key').on(t.lookup),
    index('api_keys_creator_idx').on(t.orgId, t.creatorMembershipId),
    check('api_keys_name_length', sql`char_length(${t.name}) between 1 and 100`),
    check('api_keys_secret_hash_length', sql`octet_length(${t.secretHash}) = 32`),
    check('api_keys_previous_secret', sql`(${t.previousSecretHash} is null) = (${t.previousValidUntil} is null)`),
  ],
);
