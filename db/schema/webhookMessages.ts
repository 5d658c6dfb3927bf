/**
 * What outbound webhooks send and how each send went (docs/decisions/025-webhooks.md).
 * - A message is one event for the org, made from a committed outbox row by the relay (so nothing
 *   is lost and nothing is invented); its id is the `webhook-id` receivers de-duplicate by.
 * - A delivery is one message to one endpoint: its state and schedule (`next_attempt_at`) are the
 *   truth the Bull job and the sweeper act on.
 * - An attempt is one HTTP request of a delivery: the delivery log the portal shows.
 * RLS and grants are in the webhooks migration.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { webhookEndpoints } from './webhookEndpoints';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
/** What started an attempt: the schedule, a person replaying it, or "send test event". */
export const WEBHOOK_ATTEMPT_TRIGGERS = ['scheduled', 'replay', 'test'] as const;
export const WEBHOOK_RESPONSE_EXCERPT_MAX = 1024;

export const webhookMessages = pgTable(
  'webhook_messages',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** `msg_…`: the webhook-id header. */
    id: text('id').notNull(),
    eventType: text('event_type').notNull(),
    /** The JSON body sent: `{ type, timestamp, data }`. */
    payload: jsonb('payload').notNull(),
    /** The outbox row it was made from (null for test events): a relay retry makes no second message. */
    sourceOutboxId: bigint('source_outbox_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('webhook_messages_source_key').on(t.orgId, t.sourceOutboxId),
    index('webhook_messages_created_idx').on(t.orgId, t.createdAt),
    check('webhook_messages_id', sql`${t.id} ~ '^msg_[A-Za-z0-9]{16,40}$'`),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    endpointId: uuid('endpoint_id').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status').notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    /** When the next scheduled attempt is due; null once the delivery succeeded or gave up. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    lastResponseStatus: integer('last_response_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.endpointId],
      foreignColumns: [webhookEndpoints.orgId, webhookEndpoints.id],
      name: 'webhook_deliveries_endpoint_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.messageId],
      foreignColumns: [webhookMessages.orgId, webhookMessages.id],
      name: 'webhook_deliveries_message_fk',
    }).onDelete('cascade'),
    uniqueIndex('webhook_deliveries_message_endpoint_key').on(t.orgId, t.messageId, t.endpointId),
    index('webhook_deliveries_endpoint_idx').on(t.orgId, t.endpointId, t.createdAt),
    index('webhook_deliveries_due_idx')
      .on(t.orgId, t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check('webhook_deliveries_attempts', sql`${t.attemptCount} >= 0`),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    deliveryId: uuid('delivery_id').notNull(),
    attemptNumber: integer('attempt_number').notNull(),
    trigger: text('trigger').notNull().default('scheduled'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The HTTP status, or null when no response came (refused, timed out, unreachable). */
    responseStatus: integer('response_status'),
    responseBodyExcerpt: text('response_body_excerpt').notNull().default(''),
    /** Why it failed without a response, in words (never a stack). */
    error: text('error'),
    /** The request as sent: URL and headers (the body is the message's payload). */
    requestUrl: text('request_url').notNull(),
    requestHeaders: jsonb('request_headers').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.deliveryId],
      foreignColumns: [webhookDeliveries.orgId, webhookDeliveries.id],
      name: 'webhook_attempts_delivery_fk',
    }).onDelete('cascade'),
    index('webhook_attempts_delivery_idx').on(t.orgId, t.deliveryId, t.attemptNumber),
    check('webhook_attempts_trigger', sql`${t.trigger} in ('scheduled', 'replay', 'test')`),
    check(
      'webhook_attempts_excerpt_length',
      sql`char_length(${t.responseBodyExcerpt}) <= ${sql.raw(String(WEBHOOK_RESPONSE_EXCERPT_MAX))}`,
    ),
    check('webhook_attempts_error_length', sql`char_length(${t.error}) <= 500`),
    check('webhook_attempts_duration', sql`${t.durationMs} >= 0`),
  ],
);
