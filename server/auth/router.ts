/** Signing up, in and out, and password reset: the procedures anyone may call. */
import { z } from 'zod';
import type { Context } from '../trpc/context';
import { sessionCookieOptions } from '../trpc/context';
import { router } from '../trpc/init';
import { authedProcedure, publicProcedure } from '../trpc/procedures';
import { landingPath, lastOrgSlugOf, verifyLogin } from './login';
import { signupByIp } from './rateLimit';
import { requestPasswordReset, resetPassword } from './passwordReset';
import { endSession } from './endSessions';
import { createSession, SESSION_COOKIE } from './session';
import { signUp } from './signup';
import {
  safeRedirectPath,
  ZLoginInput,
  ZRequestPasswordResetInput,
  ZResetPasswordInput,
  ZSignupInput,
} from './validation';

/** Always a new session (never the one the browser came with), set as the cookie; returns its id. */
async function startSession(ctx: Context, userId: string): Promise<string> {
  if (ctx.session) await endSession(ctx.session.userId, ctx.session.sessionId);
  const { token, sessionId, expiresAt } = await createSession(userId, { ip: ctx.req.ip, userAgent: ctx.req.userAgent });
  ctx.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt));
  return sessionId;
}

export const authRouter = router({
  signup: publicProcedure
    .meta({ access: 'public' })
    .input(ZSignupInput)
    .output(z.object({ orgSlug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      // Counted before the argon2 hash, so a flood from one address costs us little.
      if (ctx.req.ip) await signupByIp.consume(ctx.req.ip);
      const { userId, orgSlug } = await signUp(input);
      await startSession(ctx, userId);
      return { orgSlug };
    }),

  login: publicProcedure
    .meta({ access: 'public' })
    .input(ZLoginInput)
    .output(z.object({ redirectTo: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const userId = await verifyLogin(input.email, input.password, ctx.req.ip);
      const sessionId = await startSession(ctx, userId);
      const redirectTo =
        safeRedirectPath(input.redirectTo) ?? (await landingPath(sessionId, await lastOrgSlugOf(userId)));
      return { redirectTo };
    }),

  logout: authedProcedure
    .meta({ access: 'authed' })
    .output(z.void())
    .mutation(async ({ ctx }) => {
      await endSession(ctx.user.id, ctx.session.sessionId);
      ctx.cookies.clear(SESSION_COOKIE);
    }),

  requestPasswordReset: publicProcedure
    .meta({ access: 'public' })
    .input(ZRequestPasswordResetInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(input.email, ctx.req.ip, ctx.log);
    }),

  resetPassword: publicProcedure
    .meta({ access: 'public' })
    .input(ZResetPasswordInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const { userId } = await resetPassword(input);
      // That user's sessions are gone; drop the cookie too if this browser held one of them.
      if (ctx.session?.userId === userId) ctx.cookies.clear(SESSION_COOKIE);
    }),
});
