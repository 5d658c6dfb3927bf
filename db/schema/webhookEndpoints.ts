/**
 * Outbound webhooks (docs/decisions/025-webhooks.md): a customer's HTTPS endpoints that receive
 * the org's events, signed the Standard Webhooks way. The `whsec_` signing secret is stored sealed
 * (server/crypto/secretBox.ts) and shown once. After a rotation the previous secret keeps signing
 * beside the new one until `previous_secret_expires_at`, so receivers can switch without a gap.
 * `failing_since` is when the current run of failed deliveries began (null after a success): an
 * endpoint failing for 5 days is disabled. RLS and grants are in the webhooks migration.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

/** Why an endpoint is off: 'gone' (it answered 410), 'failing' (5 days of failures), 'admin'. */
export const WEBHOOK_DISABLED_REASONS = ['gone', 'failing', 'admin'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Subscribed event types from the catalogue (server/shared/webhookEvents.ts); ['*'] is every type. */
    eventTypes: text('event_types').array().notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** `v1.<iv>.<tag>.<ciphertext>`: the sealed `whsec_…` secret. Never plaintext. */
    sealedSecret: text('sealed_secret').notNull(),
    sealedPreviousSecret: text('sealed_previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    failingSince: timestamp('failing_since', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('webhook_endpoints_org_idx').on(t.orgId, t.createdAt),
    check('webhook_endpoints_url_length', sql`char_length(${t.url}) between 1 and 2048`),
    check('webhook_endpoints_description_length', sql`char_length(${t.description}) <= 500`),
    check('webhook_endpoints_event_types', sql`cardinality(${t.eventTypes}) between 1 and 100`),
    check(
      'webhook_endpoints_disabled_reason',
      sql`${t.disabledReason} is null or ${t.disabledReason} in ('gone', 'failing', 'admin')`,
    ),
    check('webhook_endpoints_sealed', sql`${t.sealedSecret} like 'v1.%'`),
    check(
      'webhook_endpoints_previous_secret',
      sql`(${t.sealedPreviousSecret} is null) = (${t.previousSecretExpiresAt} is null)`,
    ),
  ],
);
