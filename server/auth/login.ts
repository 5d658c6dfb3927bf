/**
 * Password login. Unknown email and wrong password take the same time (a dummy hash is
 * verified) and give the same answer, so neither reveals whether an account exists. Attempts
 * are limited per network, per account and network, and per account from networks it has not
 * signed in from (loginLimits.ts); a success gives its counts back.
 */
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError } from '../errors';
import { loginLookup, orgsOfSession } from '../tenancy/lookups';
import { withActor } from '../tenancy/withTenant';
import { checkPassword, hashPassword, needsRehash } from './password';
import { startLoginAttempt } from './loginLimits';

/** Returns the user id for a correct email and password; throws the one safe error otherwise. */
export async function verifyLogin(email: string, password: string, ip: string | null): Promise<string> {
  const attempt = await startLoginAttempt(email, ip);

  const account = await loginLookup(email);
  const isCorrect = await checkPassword(account?.passwordHash, password);
  if (!account || !isCorrect) throw new AppError('INVALID_CREDENTIALS');

  await attempt.succeeded();
  if (needsRehash(account.passwordHash)) {
    const passwordHash = await hashPassword(password);
    await withActor(account.userId, (tx) => tx.update(users).set({ passwordHash }).where(eq(users.id, account.userId)));
  }
  return account.userId;
}

/**
 * Where the user of a session lands: the org they used last, else their first active org, else the
 * account page (where they can create one).
 */
export async function landingPath(sessionId: string, lastOrgSlug: string | null): Promise<string> {
  const active = (await orgsOfSession(sessionId)).filter((org) => org.status === 'active');
  const last = lastOrgSlug?.toLowerCase();
  const org = active.find((o) => o.slug.toLowerCase() === last) ?? active[0];
  return org ? `/o/${org.slug}` : '/account';
}

export async function lastOrgSlugOf(userId: string): Promise<string | null> {
  const [row] = await withActor(userId, (tx) =>
    tx.select({ lastOrgSlug: users.lastOrgSlug }).from(users).where(eq(users.id, userId)),
  );
  return row?.lastOrgSlug ?? null;
}
