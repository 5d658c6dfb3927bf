/**
 * Test fixtures for the live feed, the relay and the jobs: people, organizations and events made
 * through the same services the app uses (createOrganization, addMember, recordEvent, createSession).
 * Only imported by *.test.ts files.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { users } from '../../db/schema';
import { SESSION_COOKIE, createSession } from '../auth/session';
import type { SystemRoleKey } from '../authz/systemRoles';
import { createOrganization } from '../orgs/createOrganization';
import { addMember } from '../orgs/members';
import { recordEvent } from '../realtime/outbox';
import { withActor, withTenant } from '../tenancy/withTenant';

export type TestUser = { userId: string; name: string; cookie: string };
export type TestOrg = { orgId: string; slug: string; owner: TestUser };

export async function createTestUser(label: string): Promise<TestUser> {
  const userId = randomUUID();
  const name = `${label} ${userId.slice(0, 4)}`;
  await withActor(userId, (tx) =>
    tx.insert(users).values({ id: userId, email: `${label}-${userId}@example.test`, name }),
  );
  const { token } = await createSession(userId, { ip: null, userAgent: 'vitest' });
  return { userId, name, cookie: `${SESSION_COOKIE}=${token}` };
}

export async function createTestOrg(label: string): Promise<TestOrg> {
  const owner = await createTestUser(`${label}-owner`);
  const slug = `${label}-${randomBytes(4).toString('hex')}`;
  const org = await createOrganization({ name: `Org ${label}`, ownerUserId: owner.userId, slug });
  return { orgId: org.id, slug: org.slug, owner };
}

export async function addTestMember(org: TestOrg, label: string, roleKey: SystemRoleKey = 'viewer'): Promise<TestUser> {
  const user = await createTestUser(label);
  await withTenant(org.orgId, { type: 'user', userId: user.userId }, (tx) =>
    addMember(tx, { orgId: org.orgId, userId: user.userId, roleKey }),
  );
  return user;
}

/** Records an activity event in its own committed transaction, as a service would; its id once committed. */
export async function writeActivity(
  orgId: string,
  actorUserId: string,
  type: string,
  data: Record<string, unknown> = {},
): Promise<{ id: number }> {
  let id = 0;
  await withTenant(orgId, { type: 'user', userId: actorUserId }, (tx) =>
    recordEvent(tx, { orgId, topic: 'activity', type, actorUserId, data }, { onWritten: (written) => (id = written) }),
  );
  return { id };
}
