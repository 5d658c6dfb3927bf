/**
 * Creating an account: the user (with an argon2id hash) and their first organization, with
 * them as Owner, in one tenant transaction — so neither exists without the other. The caller
 * starts the session.
 */
import { randomUUID } from 'node:crypto';
import { users } from '../../db/schema';
import { AppError } from '../errors';
import { insertOrganization, uniqueSlugFor } from '../orgs/createOrganization';
import { withTenant } from '../tenancy/withTenant';
import { hashPassword } from './password';
import type { SignupInput } from './validation';

const UNIQUE_VIOLATION = '23505';
const SLUG_ATTEMPTS = 3;

/** The unique constraint a PostgreSQL error (possibly wrapped by drizzle) reports, if any. */
function violatedUniqueConstraint(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint?: string };
    if (pg.code === UNIQUE_VIOLATION) return pg.constraint ?? null;
  }
  return null;
}

export async function signUp(input: SignupInput): Promise<{ userId: string; orgSlug: string }> {
  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const orgId = randomUUID();
    const slug = await uniqueSlugFor(input.orgName);
    try {
      const org = await withTenant(orgId, { type: 'user', userId, email: input.email }, async (tx) => {
        await tx
          .insert(users)
          .values({ id: userId, email: input.email, name: input.name, passwordHash, lastOrgSlug: slug });
        return insertOrganization(tx, { orgId, name: input.orgName, slug, ownerUserId: userId });
      });
      return { userId, orgSlug: org.slug };
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      if (constraint === 'users_email_key')
        throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      // Another signup took the slug between the check and the insert: pick the next free one.
      if (constraint === 'organizations_slug_key' && attempt < SLUG_ATTEMPTS) continue;
      throw error;
    }
  }
}
