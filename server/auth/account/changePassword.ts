/**
 * Changing the password of a signed-in user. The current password is required (a borrowed
 * session alone must not be enough) and guesses are rate limited; afterwards every other
 * session of the user ends, the current one stays, and outstanding reset links are cancelled.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { passwordResetTokens, users } from '../../../db/schema';
import { AppError } from '../../errors';
import { sessionPasswordHash } from '../../tenancy/lookups';
import { withActor } from '../../tenancy/withTenant';
import { checkPassword, hashPassword } from '../password';
import { passwordChangeByUser } from '../rateLimit';
import { endOtherSessions } from '../endSessions';

export type ChangePasswordInput = { currentPassword: string; newPassword: string };

export async function changePassword(
  user: { id: string; email: string },
  currentSessionId: string,
  input: ChangePasswordInput,
): Promise<{ signedOutSessions: number }> {
  await passwordChangeByUser.consume(user.id);
  const account = await sessionPasswordHash(currentSessionId);
  const stored = account?.userId === user.id ? account.passwordHash : null;
  if (!(await checkPassword(stored, input.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', { field: 'currentPassword' });
  }
  await passwordChangeByUser.reset(user.id);

  const passwordHash = await hashPassword(input.newPassword);
  await withActor(user.id, async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    // A reset link mailed before the change must not undo it.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
  });
  const signedOutSessions = await endOtherSessions(user.id, currentSessionId);
  return { signedOutSessions };
}
