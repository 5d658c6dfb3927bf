/**
 * Audit push (docs/decisions/012-audit-push.md): one customer HTTP endpoint per org that the
 * pushAudit job sends new audit events to. The signing secret is stored sealed (AES-256-GCM,
 * server/crypto/secretBox.ts) and never leaves the server after the response that created it.
 * The cursor is the last pushed event's seq (the org's chain order); delivery is at-least-once.
 * RLS and grants are hand-written in the audit_push_rls migration.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const AUDIT_PUSH_MAX_ERROR = 500;

export const auditPushEndpoints = pgTable(
  'audit_push_endpoints',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The HMAC signing secret, sealed: `v1.<iv>.<tag>.<ciphertext>` (base64url). Never plaintext. */
    sealedSigningSecret: text('sealed_signing_secret').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** Why the endpoint is off when the job turned it off ('failing'); null when an admin did, or when on. */
    disabledReason: text('disabled_reason'),
    /** The last audit event the receiver acknowledged (2xx): seq is the org's chain order. */
    cursorSeq: bigint('cursor_seq', { mode: 'number' }).notNull().default(0),
    cursorEventId: uuid('cursor_event_id'),
    cursorOccurredAt: timestamp('cursor_occurred_at', { withTimezone: true, precision: 3 }),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    /** Backoff: the job skips the endpoint until then. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('audit_push_endpoints_url_length', sql`char_length(${t.url}) <= 2048`),
    check(
      'audit_push_endpoints_error_length',
      sql`char_length(${t.lastError}) <= ${sql.raw(String(AUDIT_PUSH_MAX_ERROR))}`,
    ),
    check('audit_push_endpoints_failures', sql`${t.consecutiveFailures} >= 0`),
    check('audit_push_endpoints_sealed', sql`${t.sealedSigningSecret} like 'v1.%'`),
  ],
);
