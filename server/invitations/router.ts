/**
 * The invitations procedures: wiring only. Admin side (users:invite): options, invite, list,
 * resend, revoke and the live changes. Link side (no org permission): preview (public),
 * acceptNewUser (public, signs the new person in) and acceptAsCurrentUser (signed in).
 * Invitation emails are enqueued once the tenant transaction (with the invitations, their audit
 * event and their activity) has committed.
 */
import { z } from 'zod';
import { endSession } from '../auth/endSessions';
import { SESSION_COOKIE, createSession } from '../auth/session';
import { roleActorOf } from '../authz/actorPower';
import { fromInput } from '../audit/declaration';
import { AppError } from '../errors';
import type { Context } from '../trpc/context';
import { sessionCookieOptions } from '../trpc/context';
import { router } from '../trpc/init';
import { authedProcedure, memberProcedure, orgProcedure, publicProcedure } from '../trpc/procedures';
import { acceptAsNewUser, acceptAsSignedInUser, wrongAccountMessage } from './accept';
import { recordInvitationEmails, type InvitationSender } from './email';
import { inviteOptions } from './grants';
import { allowedDomainsOf, inviteMany } from './invite';
import { previewByIp } from './limits';
import { listInvitations } from './list';
import { liveInvitations } from './live';
import { invitationByToken, linkState, linkStateMessage } from './lookup';
import { resendInvitation, revokeInvitation } from './manage';
import {
  ZAcceptNewUserInput,
  ZAcceptResult,
  ZInvitationIdInput,
  ZInvitationPage,
  ZInvitationPreview,
  ZInviteInput,
  ZInviteOptions,
  ZInviteResult,
  ZListInput,
  ZTokenInput,
} from './schemas';
import { INVALID_INVITATION_LINK } from './tokens';

function senderOf(ctx: { org: { id: string; name: string }; user: { id: string; name: string } }): InvitationSender {
  return { orgId: ctx.org.id, orgName: ctx.org.name, inviterName: ctx.user.name, inviterUserId: ctx.user.id };
}

/** Always a new session for the new account, replacing whatever this browser held. */
async function startSession(ctx: Context, userId: string): Promise<void> {
  if (ctx.session) await endSession(ctx.session.userId, ctx.session.sessionId);
  const { token, expiresAt } = await createSession(userId, { ip: ctx.req.ip, userAgent: ctx.req.userAgent });
  ctx.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt));
}

const invite = orgProcedure.meta({ permission: 'users:invite' });

export const invitationsRouter = router({
  options: invite
    .output(ZInviteOptions)
    .query(async ({ ctx }) => inviteOptions(ctx.db, roleActorOf(ctx), await allowedDomainsOf(ctx.db, ctx.org.id))),

  invite: invite
    // Many invitations at once: the request (addresses, roles, teams) is the record.
    .meta({ audit: { action: 'invitations.invite', resource: 'invitation', snapshot: 'request' } })
    .input(ZInviteInput)
    .output(z.object({ results: z.array(ZInviteResult) }))
    .mutation(async ({ ctx, input }) => {
      const { results, mails } = await inviteMany(ctx.db, roleActorOf(ctx), input);
      await recordInvitationEmails(ctx.db, senderOf(ctx), mails);
      return { results };
    }),

  list: invite
    .input(ZListInput)
    .output(ZInvitationPage)
    .query(({ ctx, input }) => listInvitations(ctx.db, input)),

  resend: invite
    .meta({
      audit: {
        action: 'invitations.resend',
        resource: 'invitation',
        id: fromInput('invitationId'),
        snapshot: 'request',
      },
    })
    .input(ZInvitationIdInput)
    .output(z.object({ email: z.string(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const mail = await resendInvitation(ctx.db, roleActorOf(ctx), input.invitationId);
      await recordInvitationEmails(ctx.db, senderOf(ctx), [mail]);
      return { email: mail.email, expiresAt: mail.expiresAt };
    }),

  revoke: orgProcedure
    .meta({
      permission: 'users:invite',
      audit: {
        action: 'invitations.revoke',
        resource: 'invitation',
        id: fromInput('invitationId'),
        snapshot: 'request',
      },
    })
    .input(ZInvitationIdInput)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, roleActorOf(ctx), input.invitationId)),

  changes: memberProcedure
    .meta({ permission: 'users:invite' })
    .subscription(({ ctx, signal }) => liveInvitations({ orgId: ctx.org.id, signal })),

  preview: publicProcedure
    .meta({ access: 'public' })
    .input(ZTokenInput)
    .output(ZInvitationPreview)
    .query(async ({ ctx, input }) => {
      await previewByIp.consume(ctx.req.ip ?? 'unknown');
      const invitation = await invitationByToken(input.token);
      if (!invitation) throw new AppError('INVITATION_LINK_INVALID', INVALID_INVITATION_LINK);
      const state = linkState(invitation);
      return {
        state,
        message: linkStateMessage(invitation, state),
        org: { slug: invitation.orgSlug, name: invitation.orgName },
        email: invitation.email,
        inviterName: invitation.inviterName,
        expiresAt: invitation.expiresAt,
      };
    }),

  acceptNewUser: publicProcedure
    .meta({ access: 'public' })
    .input(ZAcceptNewUserInput)
    .output(ZAcceptResult)
    .mutation(async ({ ctx, input }) => {
      if (ctx.user) {
        const invitation = await invitationByToken(input.token);
        if (!invitation) throw new AppError('INVITATION_LINK_INVALID', INVALID_INVITATION_LINK);
        if (invitation.email.toLowerCase() === ctx.user.email.toLowerCase()) {
          throw new AppError('EMAIL_TAKEN', `You already have an account for ${ctx.user.email}: join with it instead.`);
        }
        throw new AppError('WRONG_ACCOUNT', wrongAccountMessage(invitation.email, ctx.user.email), {
          reason: 'wrong_account',
        });
      }
      const { userId, orgSlug, membershipId } = await acceptAsNewUser(input, ctx.req);
      await startSession(ctx, userId);
      return { orgSlug, membershipId };
    }),

  acceptAsCurrentUser: authedProcedure
    .meta({ access: 'authed' })
    .input(ZTokenInput)
    .output(ZAcceptResult)
    .mutation(({ ctx, input }) => acceptAsSignedInUser(ctx.user, input.token, ctx.req)),
});
