/**
 * Test fixtures for the orgs tests: users with a real session, and a tRPC caller that goes
 * through the real context and procedure chain with that session's cookie.
 */
import { randomUUID } from 'node:crypto';
import { createSession, SESSION_COOKIE } from '../auth/session';
import { createUser } from '../cli/createUser';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';

export type SignedInUser = { id: string; email: string; name: string; caller: ReturnType<typeof createCaller> };

export async function signedInUser(name: string): Promise<SignedInUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${randomUUID().slice(0, 8)}@example.test`;
  const user = await createUser({ email, name, password: 'correct horse battery staple' });
  return { ...user, caller: await callerFor(user.id) };
}

export async function callerFor(userId: string): Promise<ReturnType<typeof createCaller>> {
  const { token } = await createSession(userId, { ip: '127.0.0.1', userAgent: 'vitest' });
  return createCaller(await createContext({ headers: { cookie: `${SESSION_COOKIE}=${token}` }, ip: '127.0.0.1' }));
}
