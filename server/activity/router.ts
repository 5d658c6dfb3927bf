/**
 * The activity feed: a page of past events (optionally narrowed to categories or one person's
 * actions, server/shared/activityCategories.ts), and the live stream that resumes from an event id.
 * Both show only the events the caller's permissions cover (eventPermissions.ts).
 */
import { z } from 'zod';
import { ZSerialId } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { orgProcedure, sessionMemberProcedure } from '../trpc/procedures';
import { router } from '../trpc/init';
import { ZActivityCategoryKey } from '../shared/activityCategories';
import { activityReader } from './eventPermissions';
import { isOverLiveSocket } from '../realtime/liveFrames';
import { LiveHandoff } from '../realtime/trpcFrames';
import { liveActivity } from './live';
import { resolveLiveReader } from './liveReader';
import { listActivity } from './service';

const ZEventId = ZSerialId;

export const ZListActivityInput = z.object({
  cursor: ZEventId.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  /** Only events of these categories (server/shared/activityCategories.ts); absent or empty: every category. */
  categories: z.array(ZActivityCategoryKey).max(10, 'At most 10 categories').optional(),
  /** Only events this person caused. */
  actorUserId: zText().uuid('Not a user id').optional(),
});

export const ZActivityEvent = z.object({
  id: ZEventId,
  type: z.string(),
  actor: z.object({ userId: z.string().uuid(), name: z.string().nullable() }).nullable(),
  data: z.record(z.unknown()),
  createdAt: z.string(),
});

export const ZActivityPage = z.object({
  items: z.array(ZActivityEvent),
  nextCursor: ZEventId.nullable(),
  /** Filtered first pages only: where a live subscription should resume (service.ts). */
  headId: z.number().int().nonnegative().optional(),
});

/** `lastEventId` is set by the tRPC client when it reconnects (the id of the last `tracked` event). */
export const ZLiveActivityInput = z.object({
  lastEventId: zText()
    .regex(/^\d{1,15}$/, 'Not an event id')
    .nullish(),
});

export const activityRouter = router({
  list: orgProcedure
    .meta({ permission: 'activity:read' })
    .input(ZListActivityInput)
    .output(ZActivityPage)
    .query(({ ctx, input }) =>
      listActivity(
        ctx.db,
        activityReader((permission) => ctx.can(permission).allowed),
        input,
      ),
    ),

  live: sessionMemberProcedure
    .meta({ permission: 'activity:read' })
    .input(ZLiveActivityInput)
    .subscription(({ ctx, input, signal }) =>
      liveActivity({
        orgId: ctx.org.id,
        actor: ctx.principal,
        reader: activityReader((permission) => ctx.can(permission).allowed),
        lastEventId: input.lastEventId ? Number(input.lastEventId) : null,
        signal,
        // Roles edited or the member deactivated: the filter follows, or the stream ends.
        access: {
          membershipId: ctx.member.membershipId,
          resolveReader: () =>
            resolveLiveReader({
              sessionId: ctx.session.sessionId,
              email: ctx.user.email,
              orgId: ctx.org.id,
              orgSlug: ctx.org.slug,
              ip: ctx.req.ip,
              clock: ctx.clock,
            }),
        },
        // Over our WebSocket the live tail is written as pre-built frames (server/realtime/liveFrames.ts).
        handoff: isOverLiveSocket(ctx) ? new LiveHandoff() : undefined,
      }),
    ),
});
