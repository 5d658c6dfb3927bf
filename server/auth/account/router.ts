/** The signed-in user's own account: profile, password, sessions and organizations. */
import { z } from 'zod';
import { zText } from '../../shared/safeText';
import { orgsOfSession } from '../../tenancy/lookups';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { landingPath } from '../login';
import { endOtherSessions } from '../endSessions';
import { safeRedirectPath, ZNewPassword, ZPasswordAttempt, ZPersonName } from '../validation';
import { changePassword } from './changePassword';
import { updateProfile } from './profile';
import { accountSessions, PUBLIC_SESSION_ID_LENGTH, revokeSession } from './sessionList';

const account = authedProcedure.meta({ access: 'authed' });

const ZPublicSessionId = zText().regex(new RegExp(`^[0-9a-f]{${PUBLIC_SESSION_ID_LENGTH}}$`), 'Not a session of yours');

export const accountRouter = router({
  me: account
    .output(z.object({ id: z.string(), email: z.string(), name: z.string() }))
    .query(({ ctx }) => ({ id: ctx.user.id, email: ctx.user.email, name: ctx.user.name })),

  /** Where a signed-in visitor to /login or /signup belongs. */
  home: account
    .input(z.object({ redirectTo: zText().max(2048).optional() }))
    .output(z.object({ redirectTo: z.string() }))
    .query(async ({ ctx, input }) => ({
      redirectTo:
        safeRedirectPath(input.redirectTo) ?? (await landingPath(ctx.session.sessionId, ctx.user.lastOrgSlug)),
    })),

  orgs: account
    .output(z.array(z.object({ slug: z.string(), name: z.string(), isActive: z.boolean() })))
    .query(async ({ ctx }) =>
      (await orgsOfSession(ctx.session.sessionId)).map((org) => ({
        slug: org.slug,
        name: org.name,
        isActive: org.status === 'active',
      })),
    ),

  updateProfile: account
    .input(z.object({ name: ZPersonName }))
    .output(z.object({ name: z.string() }))
    .mutation(({ ctx, input }) => updateProfile(ctx.user.id, input)),

  changePassword: account
    .input(z.object({ currentPassword: ZPasswordAttempt, newPassword: ZNewPassword }))
    .output(z.object({ signedOutSessions: z.number() }))
    .mutation(({ ctx, input }) => changePassword(ctx.user, ctx.session.sessionId, input)),

  sessions: account
    .output(
      z.array(
        z.object({
          id: z.string(),
          isCurrent: z.boolean(),
          device: z.string(),
          ip: z.string().nullable(),
          createdAt: z.date(),
          lastSeenAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => accountSessions(ctx.user.id, ctx.session.sessionId)),

  revokeSession: account
    .input(z.object({ id: ZPublicSessionId }))
    .output(z.void())
    .mutation(({ ctx, input }) => revokeSession(ctx.user.id, ctx.session.sessionId, input.id)),

  signOutOthers: account.output(z.object({ signedOutSessions: z.number() })).mutation(async ({ ctx }) => ({
    signedOutSessions: await endOtherSessions(ctx.user.id, ctx.session.sessionId),
  })),
});
