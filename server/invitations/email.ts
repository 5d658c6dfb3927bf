/**
 * The invitation email, sent through the sendEmail job (SMTP when SMTP_URL is set, otherwise the
 * dev mailbox). The link carries the token; the job is removed from the outbox once it is queued
 * and from Redis once it succeeds (sendEmail holds secrets), and nothing here logs the link.
 */
import { sendEmail } from '../jobs/definitions/sendEmail';
import { recordJob } from '../jobs/recordJob';
import type { Tx } from '../tenancy/withTenant';
import type { InvitationMail } from './invite';
import { invitationLink } from './tokens';

export type InvitationSender = { orgId: string; orgName: string; inviterName: string; inviterUserId: string };

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

export function invitationEmail(sender: InvitationSender, mail: InvitationMail): { subject: string; text: string } {
  // One line, whatever the names contain: the subject is a header.
  const subject = `${sender.inviterName} invited you to join ${sender.orgName} on Atrium`.replace(/[\r\n]+/g, ' ');
  const text = [
    'Hello,',
    '',
    `${sender.inviterName} invited you (${mail.email}) to join ${sender.orgName} on Atrium.`,
    `Open this link to accept — it works once, until ${DATE.format(mail.expiresAt)} (UTC):`,
    '',
    invitationLink(mail.token),
    '',
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  return { subject: subject.slice(0, 200), text };
}

/**
 * Records one email per invitation in the outbox, in the transaction that creates the invitations:
 * sent once that commits, never if it rolls back, and not lost to a crash after the commit.
 */
export async function recordInvitationEmails(
  tx: Tx,
  sender: InvitationSender,
  mails: readonly InvitationMail[],
): Promise<void> {
  for (const mail of mails) {
    const { subject, text } = invitationEmail(sender, mail);
    await recordJob(tx, sendEmail, {
      orgId: sender.orgId,
      userId: sender.inviterUserId,
      to: mail.email,
      subject,
      text,
    });
  }
}
