/**
 * Notifications: the caller's inbox in this org (page, unread count live, mark read) and their
 * preferences per event kind and channel. Everything is the caller's own — RLS keeps it so — and
 * built from the activity feed, hence activity:read.
 */
import { z } from 'zod';
import { ZSerialId } from '../shared/bounds';
import { fromInput } from '../audit/declaration';
import { router } from '../trpc/init';
import { memberProcedure, orgProcedure } from '../trpc/procedures';
import { ALL_NOTIFICATION_KINDS, NOTIFICATION_CHANNELS, type NotificationKind } from './kinds';
import { liveUnreadCount } from './live';
import { getPreferences, listInbox, markRead, setPreference, unreadCount } from './service';

const ZNotificationId = ZSerialId;

export const ZListInboxInput = z.object({
  cursor: ZNotificationId.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  isUnreadOnly: z.boolean().default(false),
});

const ZInboxItem = z.object({
  id: ZNotificationId,
  eventId: z.number().int().positive(),
  type: z.string(),
  actor: z.object({ userId: z.string().uuid(), name: z.string().nullable() }).nullable(),
  data: z.record(z.unknown()),
  createdAt: z.string(),
  isRead: z.boolean(),
});

export const ZMarkReadInput = z.object({ ids: z.array(ZNotificationId).min(1).max(100) });

const ZNotificationKind = z.enum(ALL_NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]);

export const ZSetPreferenceInput = z.object({
  kind: ZNotificationKind,
  channel: z.enum(NOTIFICATION_CHANNELS),
  isEnabled: z.boolean(),
});

const ZPreference = z.object({
  kind: ZNotificationKind,
  label: z.string(),
  channels: z.object({ in_app: z.boolean(), email: z.boolean(), digest: z.boolean() }),
});

const who = (ctx: { org: { id: string }; user: { id: string } }) => ({ orgId: ctx.org.id, userId: ctx.user.id });

export const notificationsRouter = router({
  list: orgProcedure
    .meta({ permission: 'activity:read' })
    .input(ZListInboxInput)
    .output(z.object({ items: z.array(ZInboxItem), nextCursor: ZNotificationId.nullable() }))
    .query(({ ctx, input }) => listInbox(ctx.db, who(ctx), input)),

  unreadCount: orgProcedure
    .meta({ permission: 'activity:read' })
    .output(z.object({ unread: z.number().int().min(0) }))
    .query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, who(ctx)) })),

  unread: memberProcedure
    .meta({ permission: 'activity:read' })
    .input(z.object({}))
    .subscription(({ ctx, signal }) => liveUnreadCount({ ...who(ctx), actor: ctx.principal, signal })),

  markRead: orgProcedure
    .meta({ permission: 'activity:read', audit: { action: 'notifications.markRead', resource: 'notification' } })
    .input(ZMarkReadInput)
    .output(z.object({ changed: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({ changed: await markRead(ctx.db, who(ctx), input.ids) })),

  markAllRead: orgProcedure
    .meta({ permission: 'activity:read', audit: { action: 'notifications.markAllRead', resource: 'notification' } })
    .input(z.object({}))
    .output(z.object({ changed: z.number().int() }))
    .mutation(async ({ ctx }) => ({ changed: await markRead(ctx.db, who(ctx), 'all') })),

  preferences: orgProcedure
    .meta({ permission: 'activity:read' })
    .output(z.array(ZPreference))
    .query(({ ctx }) => getPreferences(ctx.db, who(ctx))),

  setPreference: orgProcedure
    .meta({
      permission: 'activity:read',
      audit: { action: 'notifications.setPreference', resource: 'notification_preference', id: fromInput('kind') },
    })
    .input(ZSetPreferenceInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setPreference(ctx.db, who(ctx), input);
      return { ok: true as const };
    }),
});
