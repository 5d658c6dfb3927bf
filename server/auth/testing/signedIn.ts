/**
 * Test support: a live session for a user, as sign-in would create it, for tests that resolve
 * memberships the way a request does (app_resolve_member takes the session, not the user).
 */
import { resolveMemberOfSession, type MemberRecord } from '../../tenancy/lookups';
import { createSession } from '../session';

export async function newSessionId(userId: string): Promise<string> {
  const { sessionId } = await createSession(userId, { ip: '127.0.0.1', userAgent: 'vitest' });
  return sessionId;
}

/** What the request gate resolves for this user in the org `slug`, through a fresh session. */
export async function resolveMemberAsUser(userId: string, slug: string): Promise<MemberRecord | null> {
  return resolveMemberOfSession(await newSessionId(userId), slug);
}
