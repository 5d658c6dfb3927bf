/**
 * A member's own access, live. Any member may learn their own permissions, so the procedure is
 * 'authed' and checks the membership itself; a non-member gets NOT_FOUND like everywhere else.
 */
import { z } from 'zod';
import { zText } from '../shared/safeText';
import { AppError } from '../errors';
import { resolveMemberOfSession } from '../tenancy/lookups';
import { router } from '../trpc/init';
import { authedProcedure, ZOrgSlug } from '../trpc/procedures';
import { conditionsDigestOf, liveAccess } from './live';

export const ZAccessChangesInput = z.object({
  orgSlug: ZOrgSlug,
  /**
   * The permissions the page was rendered with. Only a baseline to compare with (never trusted):
   * a change made before the subscription was open is then still reported.
   */
  known: z.array(zText().max(64)).max(200).optional(),
});

export const accessRouter = router({
  changes: authedProcedure
    .meta({ access: 'authed' })
    .input(ZAccessChangesInput)
    .subscription(async function* ({ ctx, input, signal }) {
      const record = await resolveMemberOfSession(ctx.session.sessionId, input.orgSlug);
      if (!record) throw new AppError('ORG_NOT_FOUND');
      yield* liveAccess({
        orgId: record.orgId,
        orgSlug: record.orgSlug,
        sessionId: ctx.session.sessionId,
        membershipId: record.membershipId,
        initial: {
          permissions: [...(input.known ?? record.permissions)].sort(),
          active: input.known ? true : record.status === 'active',
          // The page sends only permission names; conditions are compared from here on.
          conditionsDigest: conditionsDigestOf(record.conditions, {
            attributes: record.attributes,
            timezone: record.orgTimezone,
          }),
        },
        signal,
      });
    }),
});
