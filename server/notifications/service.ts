/**
 * A member's inbox and preferences, in the caller's tenant transaction. RLS shows and lets change
 * only the caller's own inbox rows (org_id and user_id), so nothing here filters by person for
 * safety — the user id in the queries states intent and lets PostgreSQL use the indexes.
 */
import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { notificationPreferences, notifications, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import { announceInboxChange } from './fanOut';
import {
  AVAILABLE_NOTIFICATION_KINDS,
  isChannelEnabled,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
} from './kinds';

export type InboxItem = {
  id: number;
  eventId: number;
  type: string;
  actor: { userId: string; name: string | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
  isRead: boolean;
};
export type InboxPage = { items: InboxItem[]; nextCursor: number | null };

const mine = (orgId: string, userId: string) =>
  and(eq(notifications.orgId, orgId), eq(notifications.userId, userId), eq(notifications.inInbox, true));

/** Newest first, keyset pages on id. */
export async function listInbox(
  tx: Tx,
  who: { orgId: string; userId: string },
  input: { cursor?: number; limit: number; isUnreadOnly?: boolean },
): Promise<InboxPage> {
  const rows = await tx
    .select({
      id: notifications.id,
      eventId: notifications.eventId,
      type: notifications.type,
      actorUserId: notifications.actorUserId,
      actorName: users.name,
      data: notifications.data,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorUserId))
    .where(
      and(
        mine(who.orgId, who.userId),
        input.cursor === undefined ? undefined : lt(notifications.id, input.cursor),
        input.isUnreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      type: row.type,
      actor: row.actorUserId ? { userId: row.actorUserId, name: row.actorName } : null,
      data: row.data,
      createdAt: row.createdAt.toISOString(),
      isRead: row.readAt !== null,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function unreadCount(tx: Tx, who: { orgId: string; userId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(who.orgId, who.userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks some (ids) or all of the caller's unread notifications read; returns how many changed. */
export async function markRead(tx: Tx, who: { orgId: string; userId: string }, ids: number[] | 'all'): Promise<number> {
  const result = await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        mine(who.orgId, who.userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids),
      ),
    );
  const changed = result.rowCount ?? 0;
  if (changed > 0) await announceInboxChange(tx, who.orgId, [who.userId]);
  return changed;
}

export type PreferenceView = {
  kind: NotificationKind;
  label: string;
  channels: Record<NotificationChannel, boolean>;
};

/** Every offered kind with the caller's setting on every channel (stored, or the default). */
export async function getPreferences(tx: Tx, who: { orgId: string; userId: string }): Promise<PreferenceView[]> {
  const rows = await tx
    .select({
      eventKind: notificationPreferences.eventKind,
      channel: notificationPreferences.channel,
      isEnabled: notificationPreferences.isEnabled,
    })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.orgId, who.orgId), eq(notificationPreferences.userId, who.userId)));
  return AVAILABLE_NOTIFICATION_KINDS.map((kind) => ({
    kind,
    label: NOTIFICATION_KINDS[kind],
    channels: Object.fromEntries(
      NOTIFICATION_CHANNELS.map((channel) => [channel, isChannelEnabled(rows, kind, channel)]),
    ) as Record<NotificationChannel, boolean>,
  }));
}

export async function setPreference(
  tx: Tx,
  who: { orgId: string; userId: string },
  input: { kind: NotificationKind; channel: NotificationChannel; isEnabled: boolean },
): Promise<void> {
  await tx
    .insert(notificationPreferences)
    .values({
      orgId: who.orgId,
      userId: who.userId,
      eventKind: input.kind,
      channel: input.channel,
      isEnabled: input.isEnabled,
    })
    .onConflictDoUpdate({
      target: [
        notificationPreferences.orgId,
        notificationPreferences.userId,
        notificationPreferences.eventKind,
        notificationPreferences.channel,
      ],
      set: { isEnabled: input.isEnabled, updatedAt: sql`now()` },
    });
}
