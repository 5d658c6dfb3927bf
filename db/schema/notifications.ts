/**
 * Notifications: each member's inbox, their preferences, and how far each org's activity has been
 * fanned out into inboxes. Inbox rows are private to their person (RLS on org_id AND user_id for
 * reading and marking, hand-written in the notifications_rls migration); the fan-out and digest
 * jobs insert for others and read as the recipient. The one exception: a system transaction of the
 * org sees the rows that carry an email and settles the pending ones: queued or dropped
 * (notification_emails_rls and notification_emails_dropped_rls migrations). Only the system
 * settles an email, through the app_settle_notification_emails function: the runtime role may not
 * update the email columns (notification_emails_settle_function migration).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'digest'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_EMAIL_STATES = ['pending', 'queued', 'dropped'] as const;

/** One activity event in one person's inbox. */
export const notifications = pgTable(
  'notifications',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The outbox (activity) event this notifies about. */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Shown in the inbox (in-app preference) and/or waiting for the daily digest. */
    inInbox: boolean('in_inbox').notNull().default(true),
    inDigest: boolean('in_digest').notNull().default(false),
    /**
     * The immediate email the person asked for: null when none is wanted, 'pending' until its
     * sendEmail job is queued (written with the row, so a failed enqueue is retried, never lost),
     * then 'queued' — or 'dropped', never sent, when the person is no longer an active member of
     * the org or the email job refuses it. A row may exist for the email alone (in_inbox and
     * in_digest both false).
     */
    emailState: text('email_state', { enum: NOTIFICATION_EMAIL_STATES }),
    /** When the email was queued ('queued' rows only). */
    emailQueuedAt: timestamp('email_queued_at', { withTimezone: true }),
    /** When the email left 'pending', queued or dropped. */
    emailSettledAt: timestamp('email_settled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    digestedAt: timestamp('digested_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('notifications_org_user_event_key').on(t.orgId, t.userId, t.eventId),
    index('notifications_org_user_id_idx').on(t.orgId, t.userId, t.id),
    index('notifications_unread_idx')
      .on(t.orgId, t.userId)
      .where(sql`${t.readAt} is null and ${t.inInbox}`),
    index('notifications_digest_idx')
      .on(t.orgId, t.userId)
      .where(sql`${t.inDigest} and ${t.digestedAt} is null`),
    index('notifications_email_pending_idx')
      .on(t.orgId, t.id)
      .where(sql`${t.emailState} = 'pending'`),
    check('notifications_email_state', sql`${t.emailState} in ('pending', 'queued', 'dropped')`),
  ],
);

/**
 * A member's choice for one kind of event (the resource of its type: 'invoice', 'member' …) on
 * one channel. No row means the default: in-app on, email and digest off.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventKind: text('event_kind').notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    isEnabled: boolean('is_enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.eventKind, t.channel] })],
);

/** The last activity event of the org already fanned out into inboxes. */
export const notificationCursors = pgTable('notification_cursors', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
