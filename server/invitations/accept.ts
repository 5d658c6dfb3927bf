/**
 * Accepting an invitation from its link, as a new person (name and password, the signup rules)
 * or as the signed-in person whose address it was sent to. Attempts are rate-limited per IP
 * address and refunded when they succeed. The caller starts the session of a new account.
 */
import { randomUUID } from 'node:crypto';
import { users } from '../../db/schema';
import type { AuditRequest } from '../audit/types';
import { hashPassword } from '../auth/password';
import { AppError } from '../errors';
import { userIdByEmail } from '../tenancy/lookups';
import { withTenant } from '../tenancy/withTenant';
import { joinByInvitation } from './join';
import { acceptByIp } from './limits';
import { openInvitationByToken } from './lookup';
import type { AcceptNewUserInput, AcceptResult } from './schemas';

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const pg = e as Error & { code?: string; constraint?: string };
    if (pg.code === UNIQUE_VIOLATION && pg.constraint === constraint) return true;
  }
  return false;
}

export function wrongAccountMessage(invitedEmail: string, signedInEmail: string): string {
  return `This invitation is for ${invitedEmail}; you are signed in as ${signedInEmail}. Sign out, then open the link again.`;
}

function accountExistsMessage(email: string): string {
  return `An account for ${email} already exists. Sign in as ${email}, then open the link again to join.`;
}

async function limited<T>(ip: string | null, work: () => Promise<T>): Promise<T> {
  const subject = ip ?? 'unknown';
  await acceptByIp.consume(subject);
  const result = await work();
  await acceptByIp.refund(subject);
  return result;
}

export type SignedInPerson = { id: string; email: string };

export async function acceptAsNewUser(
  input: AcceptNewUserInput,
  request: AuditRequest,
): Promise<AcceptResult & { userId: string }> {
  return limited(request.ip, async () => {
    const invitation = await openInvitationByToken(input.token);
    if (await userIdByEmail(invitation.email))
      throw new AppError('EMAIL_TAKEN', accountExistsMessage(invitation.email));
    const passwordHash = await hashPassword(input.password);
    const userId = randomUUID();
    try {
      const { membershipId } = await withTenant(
        invitation.orgId,
        { type: 'user', userId, email: invitation.email },
        async (tx) => {
          await tx.insert(users).values({
            id: userId,
            email: invitation.email,
            name: input.name,
            passwordHash,
            lastOrgSlug: invitation.orgSlug,
          });
          return joinByInvitation(tx, invitation, input.token, { userId, email: invitation.email, request });
        },
      );
      return { userId, orgSlug: invitation.orgSlug, membershipId };
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new AppError('EMAIL_TAKEN', accountExistsMessage(invitation.email));
      }
      throw error;
    }
  });
}

export async function acceptAsSignedInUser(
  person: SignedInPerson,
  token: string,
  request: AuditRequest,
): Promise<AcceptResult> {
  return limited(request.ip, async () => {
    const invitation = await openInvitationByToken(token);
    if (invitation.email.toLowerCase() !== person.email.toLowerCase()) {
      throw new AppError('WRONG_ACCOUNT', wrongAccountMessage(invitation.email, person.email), {
        reason: 'wrong_account',
      });
    }
    const { membershipId } = await withTenant(
      invitation.orgId,
      { type: 'user', userId: person.id, email: person.email },
      (tx) => joinByInvitation(tx, invitation, token, { userId: person.id, email: person.email, request }),
    );
    return { orgSlug: invitation.orgSlug, membershipId };
  });
}
