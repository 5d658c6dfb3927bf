/** Input and output shapes of the invitations procedures (the pages submit the same shapes). */
import { z } from 'zod';
import { zText } from '../shared/safeText';
import { ZNewPassword, ZPersonName } from '../auth/validation';
import { MAX_INVITES_PER_REQUEST, parseEmailList } from './emailList';
import { ZInvitationToken } from '../shared/invitationToken';

export const ZInviteInput = z.object({
  /** Addresses as pasted: separated by commas, semicolons, spaces or new lines. */
  emails: zText()
    .max(20_000, 'That list is too long')
    .superRefine((text, ctx) => {
      const count = parseEmailList(text).length;
      if (count === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Enter at least one email address' });
      if (count > MAX_INVITES_PER_REQUEST) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `Invite at most ${MAX_INVITES_PER_REQUEST} people at a time (you entered ${count})`,
        });
      }
    }),
  roleIds: z.array(zText().uuid()).max(20).default([]),
  teamIds: z.array(zText().uuid()).max(50).default([]),
});
export type InviteInput = z.infer<typeof ZInviteInput>;

export const INVITE_OUTCOMES = [
  'invited',
  'invalid',
  'already_member',
  'already_invited',
  'domain_not_allowed',
] as const;
export type InviteOutcome = (typeof INVITE_OUTCOMES)[number];

export const ZInviteResult = z.object({
  input: z.string(),
  email: z.string().nullable(),
  outcome: z.enum(INVITE_OUTCOMES),
  message: z.string(),
  /** The pending invitation: the new one, or the existing one that can be resent. */
  invitationId: z.string().uuid().nullable(),
});
export type InviteResult = z.infer<typeof ZInviteResult>;

export const INVITATION_STATES = ['pending', 'expired', 'accepted', 'revoked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const ZListInput = z.object({
  view: z.enum(['pending', 'history']).default('pending'),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type ListInput = z.infer<typeof ZListInput>;

const ZRef = z.object({ id: z.string().uuid(), name: z.string() });

export const ZInvitationRow = z.object({
  id: z.string().uuid(),
  email: z.string(),
  state: z.enum(INVITATION_STATES),
  roles: z.array(ZRef),
  teams: z.array(ZRef),
  invitedBy: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
  sendCount: z.number().int(),
  lastSentAt: z.date(),
  acceptedAt: z.date().nullable(),
  acceptedMembershipId: z.string().uuid().nullable(),
  revokedAt: z.date().nullable(),
});
export type InvitationRow = z.infer<typeof ZInvitationRow>;

export const ZInvitationPage = z.object({
  items: z.array(ZInvitationRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type InvitationPage = z.infer<typeof ZInvitationPage>;

export const ZInvitationIdInput = z.object({ invitationId: zText().uuid() });

export const ZInviteOptions = z.object({
  roles: z.array(ZRef.extend({ isSystem: z.boolean(), canGrant: z.boolean() })),
  teams: z.array(ZRef),
  allowedDomains: z.array(z.string()),
});
export type InviteOptions = z.infer<typeof ZInviteOptions>;

export const ZTokenInput = z.object({ token: ZInvitationToken });

export const PREVIEW_STATES = ['valid', 'expired', 'accepted', 'revoked'] as const;

export const ZInvitationPreview = z.object({
  state: z.enum(PREVIEW_STATES),
  message: z.string().nullable(),
  org: z.object({ slug: z.string(), name: z.string() }),
  email: z.string(),
  inviterName: z.string().nullable(),
  expiresAt: z.date(),
});
export type InvitationPreview = z.infer<typeof ZInvitationPreview>;

export const ZAcceptNewUserInput = z.object({ token: ZInvitationToken, name: ZPersonName, password: ZNewPassword });
export type AcceptNewUserInput = z.infer<typeof ZAcceptNewUserInput>;

export const ZAcceptResult = z.object({ orgSlug: z.string(), membershipId: z.string().uuid() });
export type AcceptResult = z.infer<typeof ZAcceptResult>;
