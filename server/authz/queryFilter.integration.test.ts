/**
 * A region condition as a query filter against the real database: members with different
 * `attributes.region`, a custom role granting users:read only for `resource.region ==
 * principal.region`, and a query on memberships narrowed by conditionFilter inside the tenant
 * transaction. The member sees exactly the people of their own region — no list loaded and
 * filtered in memory.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberships, type MemberAttributes } from '../../db/schema';
import { createTestUser, type TestUser } from '../activity/testFixtures';
import { addMember } from '../orgs/members';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { withTenant } from '../tenancy/withTenant';
import { accessSubjectOf } from './can';
import { conditionFilter, type ConditionFilter } from './queryFilter';
import { rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';

let org: RolesTestOrg;
type Member = TestUser & { membershipId: string };
const people: Record<string, Member> = {};

async function memberWith(label: string, attributes: MemberAttributes): Promise<Member> {
  const user = await createTestUser(label);
  const { membershipId } = await withTenant(org.orgId, { type: 'user', userId: user.userId }, (tx) =>
    addMember(tx, { orgId: org.orgId, userId: user.userId, roleKey: 'viewer', attributes }),
  );
  return { ...user, membershipId };
}

/** What the request gate builds for `member` (server/trpc/procedures.ts), through app_resolve_member. */
async function accessOf(member: Member) {
  const record = await resolveMemberAsUser(member.userId, org.slug);
  if (!record) throw new Error('not a member');
  return accessSubjectOf({
    permissions: record.permissions,
    conditions: record.conditions,
    member: { id: record.membershipId, email: `${member.name}@example.test`, attributes: record.attributes },
    request: { ip: '127.0.0.1', now: new Date(), timezone: record.orgTimezone },
  });
}

const REGION = { region: sql`${memberships.attributes}->>'region'` };

/** The membership ids a list query returns under `filter`, read as the member would. */
async function visibleMembers(member: Member, filter: ConditionFilter): Promise<string[]> {
  if (filter.kind === 'none') return [];
  const rows = await withTenant(org.orgId, { type: 'user', userId: member.userId }, (tx) =>
    tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.orgId), filter.kind === 'where' ? filter.where : undefined)),
  );
  return rows.map((row) => row.id).sort();
}

async function holdOnly(member: Member, roleId: string) {
  await org.ownerPerson.caller.roles.setMemberRoles({
    orgSlug: org.slug,
    membershipId: member.membershipId,
    roleIds: [roleId],
  });
}

beforeAll(async () => {
  org = await rolesTestOrg('region-filter');
  people.euReader = await memberWith('eu-reader', { region: 'eu' });
  people.euColleague = await memberWith('eu-colleague', { region: 'eu', department: 'sales' });
  people.us = await memberWith('us-member', { region: 'us' });
  people.tricky = await memberWith('tricky', { region: "eu' or '1'='1" });
  people.noRegion = await memberWith('no-region', {});
  people.regionless = await memberWith('regionless-reader', {});
  const role = await org.ownerPerson.caller.roles.create({
    orgSlug: org.slug,
    name: 'Regional directory',
    grants: [{ permission: 'users:read', condition: 'resource.region == principal.region' }],
  });
  await holdOnly(people.euReader, role.id);
  await holdOnly(people.regionless, role.id);
});

describe('a region condition as a query filter on memberships', () => {
  it('returns exactly the members of the reader’s own region', async () => {
    const reader = people.euReader!;
    const filter = conditionFilter(await accessOf(reader), 'users:read', REGION);
    expect(filter).toMatchObject({
      kind: 'where',
      reason: expect.stringContaining('resource.region == principal.region'),
    });

    const seen = await visibleMembers(reader, filter);
    expect(seen).toEqual([reader.membershipId, people.euColleague!.membershipId].sort());
  });

  it('gives a reader without a region nobody, and a holder of the unconditional grant everybody', async () => {
    const regionless = conditionFilter(await accessOf(people.regionless!), 'users:read', REGION);
    expect(regionless.kind).toBe('none');
    expect(await visibleMembers(people.regionless!, regionless)).toEqual([]);

    const viewer = people.us!;
    const everyone = conditionFilter(await accessOf(viewer), 'users:read', REGION);
    expect(everyone).toEqual({ kind: 'all' });
    expect(await visibleMembers(viewer, everyone)).toHaveLength(Object.keys(people).length + 1);
  });

  it('matches a stored value that looks like SQL only literally', async () => {
    const tricky = people.tricky!;
    const role = await org.ownerPerson.caller.roles.create({
      orgSlug: org.slug,
      name: 'Tricky directory',
      grants: [{ permission: 'users:read', condition: 'resource.region == principal.region' }],
    });
    await holdOnly(tricky, role.id);
    const seen = await visibleMembers(tricky, conditionFilter(await accessOf(tricky), 'users:read', REGION));
    expect(seen).toEqual([tricky.membershipId]);
  });

  it('fails closed when the condition reads an attribute the list has no column for', async () => {
    const reader = people.euColleague!;
    const role = await org.ownerPerson.caller.roles.create({
      orgSlug: org.slug,
      name: 'Department directory',
      grants: [{ permission: 'users:read', condition: 'resource.department == principal.department' }],
    });
    await holdOnly(reader, role.id);
    const filter = conditionFilter(await accessOf(reader), 'users:read', REGION);
    expect(filter).toEqual({
      kind: 'none',
      reason: expect.stringContaining('resource.department has no column in this list'),
    });
  });
});
