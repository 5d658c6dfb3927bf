/**
 * Test fixtures for the roles tests: organizations and people made through the app's own services
 * (server/activity/testFixtures.ts), tRPC callers that go through the real context and procedure
 * chain, and the few lookups a test needs that no procedure offers yet. Only imported by tests.
 */
import { TRPCError } from '@trpc/server';
import { adminQuery } from '../../test/db';
import { addTestMember, createTestOrg, type TestOrg, type TestUser } from '../activity/testFixtures';
import type { AppError } from '../errors';
import { isAppError } from '../errors';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import type { SystemRoleKey } from '../authz/systemRoles';

export type Caller = ReturnType<typeof createCaller>;
export type Person = TestUser & { caller: Caller; membershipId: string };
export type RolesTestOrg = TestOrg & { ownerPerson: Person };

export async function callerFor(user: TestUser): Promise<Caller> {
  return createCaller(await createContext({ headers: { cookie: user.cookie }, ip: '127.0.0.1' }));
}

export async function membershipIdOf(orgId: string, userId: string): Promise<string> {
  const [row] = await adminQuery<{ id: string }>(
    'select id::text from memberships where org_id = $1 and user_id = $2',
    [orgId, userId],
  );
  if (!row) throw new Error(`no membership of ${userId} in ${orgId}`);
  return row.id;
}

export async function rolesTestOrg(label: string): Promise<RolesTestOrg> {
  const org = await createTestOrg(label);
  const ownerPerson = {
    ...org.owner,
    caller: await callerFor(org.owner),
    membershipId: await membershipIdOf(org.orgId, org.owner.userId),
  };
  return { ...org, ownerPerson };
}

export async function personIn(org: TestOrg, label: string, roleKey: SystemRoleKey): Promise<Person> {
  const user = await addTestMember(org, label, roleKey);
  return { ...user, caller: await callerFor(user), membershipId: await membershipIdOf(org.orgId, user.userId) };
}

/** The error a call fails with; fails the test when the call succeeds. */
export async function caught(
  work: Promise<unknown>,
): Promise<TRPCError & Partial<Pick<AppError, 'appCode' | 'details'>>> {
  try {
    await work;
  } catch (error) {
    if (isAppError(error) || error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export async function systemRoleId(orgId: string, key: SystemRoleKey): Promise<string> {
  const [row] = await adminQuery<{ id: string }>('select id::text from roles where org_id = $1 and system_key = $2', [
    orgId,
    key,
  ]);
  if (!row) throw new Error(`no ${key} role in ${orgId}`);
  return row.id;
}

export type ActivityRow = { type: string; actor: string | null; data: Record<string, unknown> };

export async function activityOf(orgId: string, typePrefix: string): Promise<ActivityRow[]> {
  return adminQuery<ActivityRow>(
    `select type, actor_user_id::text as actor, data from outbox
      where org_id = $1 and topic = 'activity' and type like $2 order by id`,
    [orgId, `${typePrefix}%`],
  );
}
