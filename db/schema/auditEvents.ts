/**
 * The audit trail (docs/decisions/010-audit.md). Append-only by construction: the runtime role may
 * only INSERT and SELECT, triggers refuse UPDATE and TRUNCATE and allow DELETE only to the purge
 * role for expired rows, and a BEFORE INSERT trigger chains every row to the previous event of its
 * org — `seq`, `prev_hash` and `hash` are always set by the database, never by the caller
 * (db/migrations/0010_audit_rls.sql).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './columnTypes';
import { organizations } from './organizations';

export const AUDIT_ACTOR_TYPES = ['user', 'api_key', 'scim', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];
export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEvents = pgTable(
  'audit_events',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Position in the org's hash chain (1, 2, …), assigned by the chain trigger under the head's row lock. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    id: uuid('id').notNull(),
    /** UTC, millisecond precision: the canonical encoding renders it exactly. */
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorType: text('actor_type', { enum: AUDIT_ACTOR_TYPES }).notNull(),
    actorId: text('actor_id'),
    actorEmail: text('actor_email'),
    /** The procedure path (`roles.update`) or the protocol endpoint's action name. */
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    reason: text('reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** ISO 3166 alpha-2 from the offline GeoIP database, or 'unknown'. */
    country: text('country').notNull(),
    requestId: text('request_id'),
    /** Sensitive actions only, redacted before they are written. */
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.seq] }),
    // Filtered pages: newest first within an org, keyset on (occurred_at, seq).
    index('audit_events_org_time_idx').on(t.orgId, t.occurredAt, t.seq),
    index('audit_events_org_actor_idx').on(t.orgId, t.actorId, t.occurredAt),
    index('audit_events_org_resource_idx').on(t.orgId, t.resourceType, t.resourceId, t.occurredAt),
    // Time-range scans across the table (retention, operations) at a fraction of a B-tree's insert cost.
    index('audit_events_time_brin').using('brin', t.occurredAt),
    check('audit_events_outcome_reason', sql`${t.outcome} = 'success' or ${t.reason} is not null`),
  ],
);

/** The last link of each org's chain: serializes appends per org and lets verification detect a cut tail. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: bytea('hash').notNull(),
  /** occurred_at of the last event: a new event is never dated before it, so seq order is time order. */
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
});
