/**
 * Requests made with each API key, counted per hour and per outcome (server/apiKeys/usage.ts
 * buffers the counts in process and adds them here every few seconds). A row is one key's hour;
 * it goes with its key (and the key with its org). Kept 90 days (the hourly purge job). RLS and
 * grants are in the api_key_usage migration.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiKeys } from './apiKeys';

/** How long hourly counts are kept. */
export const API_KEY_USAGE_RETENTION_DAYS = 90;

export const apiKeyUsage = pgTable(
  'api_key_usage',
  {
    orgId: uuid('org_id').notNull(),
    keyId: uuid('key_id').notNull(),
    /** The start of the UTC hour the requests were answered in. */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    // Four disjoint classes, so they add up to the requests made (and stack in a chart).
    /** Answers below 400. */
    ok: integer('ok').notNull().default(0),
    /** 4xx answers other than 429. */
    clientErrors: integer('client_errors').notNull().default(0),
    /** 5xx answers. */
    serverErrors: integer('server_errors').notNull().default(0),
    /** 429 answers: refused by a rate limit. */
    limited: integer('limited').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.keyId, t.hour] }),
    foreignKey({
      columns: [t.orgId, t.keyId],
      foreignColumns: [apiKeys.orgId, apiKeys.id],
      name: 'api_key_usage_key_fk',
    }).onDelete('cascade'),
    // The purge deletes an org's old hours across all its keys.
    index('api_key_usage_hour_idx').on(t.orgId, t.hour),
    check('api_key_usage_hour_start', sql`${t.hour} = date_trunc('hour', ${t.hour}, 'UTC')`),
    check(
      'api_key_usage_counts',
      sql`${t.ok} >= 0 and ${t.clientErrors} >= 0 and ${t.serverErrors} >= 0 and ${t.limited} >= 0`,
    ),
  ],
);
