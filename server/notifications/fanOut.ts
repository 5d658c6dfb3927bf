/**
 * Activity into inboxes, one org at a time (the notifyInbox job runs it inside the org's tenant
 * transaction as a system actor). Reads the org's activity events after its cursor and, for each,
 * every active member who may read it — the same rule as the feed (activity:read plus the event's
 * own permission, held without conditions: fail closed) — except its actor; applies each person's
 * preferences; inserts their rows (idempotent per event and person), advances the cursor and
 * records one 'notifications.changed' event naming the people whose inboxes changed.
 *
 * A row is written for each person who wants the event in the inbox, the digest or by email — an
 * email-only row is in neither inbox nor digest. An email is only marked 'pending' here, in the same
 * transaction as the cursor, so it cannot be lost between the two: queuePendingEmails
 * (./pendingEmails.ts) queues it after the commit, and again on a later run if that failed.
 *
 * The cursor row is locked for the transaction, so two runs for one org queue instead of both
 * notifying.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  memberRoles,
  memberships,
  notificationCursors,
  notificationPreferences,
  notifications,
  outbox,
  roleEffectivePermissions,
} from '../../db/schema';
import { activityReader, type ActivityReader } from '../activity/eventPermissions';
import { isPermission, type Permission } from '../shared/permissions';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { isChannelEnabled, notificationKindOf, notificationPermissionOf, type PreferenceRow } from './kinds';

export const FAN_OUT_BATCH = 500;

export type FanOutResult = { events: number; notified: number; isMorePending: boolean };

type Recipient = {
  userId: string;
  held: ReadonlySet<Permission>;
  reader: ActivityReader;
  preferences: PreferenceRow[];
};

/** Where a new org's cursor starts: its recent events are notified, older history is not. */
async function lockCursor(tx: Tx, orgId: string): Promise<number> {
  await tx
    .insert(notificationCursors)
    .values({
      orgId,
      lastEventId: sql`coalesce((select max(${outbox.id}) from ${outbox}
        where ${outbox.topic} = 'activity' and ${outbox.createdAt} < now() - interval '1 hour'), 0)`,
    })
    .onConflictDoNothing();
  const [cursor] = await tx
    .select({ lastEventId: notificationCursors.lastEventId })
    .from(notificationCursors)
    .where(eq(notificationCursors.orgId, orgId))
    .for('update');
  if (!cursor) throw new Error('notification cursor missing after insert');
  return cursor.lastEventId;
}

/** Active members with the permissions they hold without conditions and their preferences. */
async function loadRecipients(tx: Tx): Promise<Recipient[]> {
  const rows = await tx
    .select({
      userId: memberships.userId,
      permissions: sql<string[]>`coalesce(array_agg(distinct ${roleEffectivePermissions.permission})
        filter (where cardinality(${roleEffectivePermissions.conditions}) = 0), '{}')`,
    })
    .from(memberships)
    .innerJoin(memberRoles, and(eq(memberRoles.orgId, memberships.orgId), eq(memberRoles.membershipId, memberships.id)))
    .innerJoin(
      roleEffectivePermissions,
      and(
        eq(roleEffectivePermissions.orgId, memberRoles.orgId),
        eq(roleEffectivePermissions.roleId, memberRoles.roleId),
      ),
    )
    .where(eq(memberships.status, 'active'))
    .groupBy(memberships.userId);
  const preferences = await tx
    .select({
      userId: notificationPreferences.userId,
      eventKind: notificationPreferences.eventKind,
      channel: notificationPreferences.channel,
      isEnabled: notificationPreferences.isEnabled,
    })
    .from(notificationPreferences);
  return rows
    .map((row) => {
      const held = new Set<Permission>(row.permissions.filter(isPermission));
      return {
        userId: row.userId,
        held,
        isFeedReader: held.has('activity:read'),
        reader: activityReader((permission) => held.has(permission)),
        preferences: preferences.filter((p) => p.userId === row.userId),
      };
    })
    .filter((recipient) => recipient.isFeedReader);
}

export async function fanOutActivity(tx: Tx, orgId: string): Promise<FanOutResult> {
  const after = await lockCursor(tx, orgId);
  const events = await tx
    .select({
      id: outbox.id,
      type: outbox.type,
      actorUserId: outbox.actorUserId,
      data: outbox.data,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(and(eq(outbox.topic, 'activity'), gt(outbox.id, after)))
    .orderBy(asc(outbox.id))
    .limit(FAN_OUT_BATCH);
  if (events.length === 0) return { events: 0, notified: 0, isMorePending: false };

  const recipients = await loadRecipients(tx);
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const event of events) {
    const kind = notificationKindOf(event.type);
    const extraPermission = notificationPermissionOf(event.type);
    for (const recipient of recipients) {
      if (recipient.userId === event.actorUserId || !recipient.reader.canRead(event.type)) continue;
      if (extraPermission && !recipient.held.has(extraPermission)) continue;
      const inInbox = isChannelEnabled(recipient.preferences, kind, 'in_app');
      const inDigest = isChannelEnabled(recipient.preferences, kind, 'digest');
      const isEmailed = isChannelEnabled(recipient.preferences, kind, 'email');
      if (!inInbox && !inDigest && !isEmailed) continue;
      rows.push({
        orgId,
        userId: recipient.userId,
        eventId: event.id,
        type: event.type,
        actorUserId: event.actorUserId,
        data: event.data,
        inInbox,
        inDigest,
        emailState: isEmailed ? 'pending' : null,
        createdAt: event.createdAt,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1_000) {
    await tx
      .insert(notifications)
      .values(rows.slice(i, i + 1_000))
      .onConflictDoNothing();
  }
  const lastEventId = events.at(-1)!.id;
  await tx
    .update(notificationCursors)
    .set({ lastEventId, updatedAt: sql`now()` })
    .where(eq(notificationCursors.orgId, orgId));
  const userIds = [...new Set(rows.filter((row) => row.inInbox).map((row) => row.userId))];
  if (userIds.length > 0) await announceInboxChange(tx, orgId, userIds);
  return { events: events.length, notified: rows.length, isMorePending: events.length === FAN_OUT_BATCH };
}

/** Tells the people's open unread counters (notifications.unread) to read their count again. */
export async function announceInboxChange(tx: Tx, orgId: string, userIds: string[]): Promise<void> {
  await recordEvent(tx, {
    orgId,
    topic: 'notifications',
    type: 'notifications.changed',
    actorUserId: null,
    data: { userIds },
  });
}
