/**
 * presence.here: while subscribed, the caller's tab is online in the org (on `page`, optionally
 * viewing or editing `resource`), and the caller receives the org's online list whenever it
 * changes. A page change or viewing → editing is a re-subscription with the new input; the
 * client keeps `tabId` for the life of the tab, so the entry (and its "since") carries over.
 *
 * Every member may see who is online (org:read). The org — and so the Redis channel — comes from
 * the checked membership, never from the client; the page must lie inside that org.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { zText } from '../shared/safeText';
import { AppError } from '../errors';
import { boundedName, presenceKey, ZPresenceMode, ZPresencePage, ZPresenceResource } from './snapshot';
import { resolveMemberOfSession } from '../tenancy/lookups';
import { router } from '../trpc/init';
import { sessionMemberProcedure, ZOrgSlug } from '../trpc/procedures';
import { livePresence } from './live';

export const ZPresenceHereInput = z.object({
  orgSlug: ZOrgSlug,
  /** Chosen by the tab once per page load; keeps one entry across re-subscriptions. */
  tabId: zText().uuid().optional(),
  /** Counts up with each re-subscription of the tab, so an older one never overwrites a newer. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  page: ZPresencePage,
  resource: ZPresenceResource.nullish(),
  mode: ZPresenceMode.default('viewing'),
});

export type PresenceHereInput = z.input<typeof ZPresenceHereInput>;

/** `/o/<slug>` or below it (slugs compare case-insensitively, like their lookup). */
export function isPageOfOrg(page: string, orgSlug: string): boolean {
  const prefix = `/o/${orgSlug}`.toLowerCase();
  const lower = page.toLowerCase();
  return lower === prefix || lower.startsWith(`${prefix}/`);
}

export const presenceRouter = router({
  here: sessionMemberProcedure
    .meta({ permission: 'org:read' })
    .input(ZPresenceHereInput)
    .subscription(async function* ({ ctx, input, signal }) {
      if (!isPageOfOrg(input.page, ctx.org.slug)) {
        throw new AppError('INVALID_INPUT', 'The page is not part of this organization');
      }
      const { membershipId } = ctx.member;
      yield* livePresence({
        orgId: ctx.org.id,
        entry: {
          key: presenceKey(membershipId, input.tabId ?? randomUUID()),
          conn: randomUUID(),
          seq: input.seq,
          membershipId,
          userId: ctx.user.id,
          name: boundedName(ctx.user.name),
          page: input.page,
          resource: input.resource ?? null,
          mode: input.mode,
        },
        isStillMember: async () => {
          const record = await resolveMemberOfSession(ctx.session.sessionId, ctx.org.slug);
          return record?.orgId === ctx.org.id && record.status === 'active';
        },
        signal,
      });
    }),
});
