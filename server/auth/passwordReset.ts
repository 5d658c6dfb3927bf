/**
 * Password reset by emailed link. Requesting one answers the same whether or not the address
 * has an account; the link carries a random token whose SHA-256 is stored, valid once, for an
 * hour. Using it sets the new password and signs the user out everywhere.
 */
import { eq } from 'drizzle-orm';
import { passwordResetTokens, users } from '../../db/schema';
import { env } from '../env';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { sendEmail } from '../jobs/definitions/sendEmail';
import { enqueue } from '../jobs/enqueue';
import { consumePasswordResetToken, userIdByEmail } from '../tenancy/lookups';
import { withActor } from '../tenancy/withTenant';
import { hashPassword } from './password';
import { endAllSessions } from './endSessions';
import { liftLoginLocks } from './loginLimits';
import { emailSubject, resetRequestByEmail, resetRequestByIp } from './rateLimit';
import { generateToken, hashToken } from './sessionToken';
import type { ResetPasswordInput } from './validation';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Rate limits the request, then sends the link in the background: answering only after the
 * lookup, insert and enqueue would let response time tell known addresses from unknown ones.
 */
export async function requestPasswordReset(email: string, ip: string | null, log: Logger): Promise<void> {
  await resetRequestByIp.consume(ip ?? 'unknown');
  await resetRequestByEmail.consume(emailSubject(email));
  void sendResetLink(email).catch((error: unknown) => log.error({ err: error }, 'password reset link not sent'));
}

async function sendResetLink(email: string): Promise<void> {
  const userId = await userIdByEmail(email);
  if (!userId) return;
  const token = generateToken();
  const recipient = await withActor(userId, async (tx) => {
    await tx.insert(passwordResetTokens).values({
      id: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
    });
    const [row] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
    return row;
  });
  if (!recipient) return;
  const link = `${env.APP_URL}/reset?token=${token}`;
  // Enqueued directly, after the commit, not through the outbox: the outbox is per org, and this
  // mail has none. Nothing is lost if this fails — the token is unusable without the email, so the
  // user asks again, which is what they would do for a mail that never came.
  await enqueue(sendEmail, {
    orgId: null,
    userId,
    to: recipient.email,
    subject: 'Reset your Atrium password',
    text: [
      `Hello ${recipient.name},`,
      '',
      'Someone (hopefully you) asked to reset the password of your Atrium account.',
      'Open this link within an hour to choose a new password:',
      '',
      link,
      '',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
  });
}

/** Sets the new password if the token is valid, unused and unexpired; ends every session. */
export async function resetPassword(input: ResetPasswordInput): Promise<{ userId: string }> {
  const userId = await consumePasswordResetToken(hashToken(input.token));
  if (!userId) throw new AppError('RESET_LINK_INVALID');
  const passwordHash = await hashPassword(input.password);
  const [updated] = await withActor(userId, (tx) =>
    tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ email: users.email }),
  );
  await endAllSessions(userId);
  // Whoever was locked out by failed guesses has now proven control of the mailbox.
  if (updated) await liftLoginLocks(updated.email);
  return { userId };
}
