import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

/**
 * Events written in the same transaction as the change they describe. The relay publishes
 * them to Redis; the rows stay as the org's recent event log so subscribers can resume.
 */
export const outbox = pgTable(
  'outbox',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('outbox_org_topic_id_idx').on(t.orgId, t.topic, t.id),
    index('outbox_unpublished_idx')
      .on(t.orgId, t.id)
      .where(sql`${t.publishedAt} is null`),
  ],
);
