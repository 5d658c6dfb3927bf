/**
 * One email to send (handler: jobs/handlers/sendEmail.ts). Tenant mail (`orgId` set, e.g. an
 * invitation) or account mail (`orgId: null` with the recipient's `userId`, e.g. a password reset).
 */
import { z } from 'zod';
import { defineJob, ZAccountJobScope, ZTenantJobScope } from '../define';

const ZMail = {
  to: z.string().email().max(320),
  subject: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\r\n]*$/, 'A subject is one line'),
  text: z.string().min(1).max(100_000),
  html: z.string().max(500_000).optional(),
};

export const ZSendEmailPayload = z.union([
  ZTenantJobScope.extend({ userId: z.string().uuid().optional(), ...ZMail }),
  ZAccountJobScope.extend(ZMail),
]);
export type SendEmailPayload = z.infer<typeof ZSendEmailPayload>;

export const sendEmail = defineJob({
  name: 'sendEmail',
  payload: ZSendEmailPayload,
  // Emails carry one-time links (password reset, invitations): nothing stays behind in Redis.
  holdsSecret: true,
});
