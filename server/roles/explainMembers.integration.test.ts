/**
 * roles.explainMembers, the explainer's member picker: one bounded page by name, a search over
 * name and email, the pre-selected member even when off the page, and only for role managers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from './testFixtures';

let org: RolesTestOrg;
let people: Person[];

beforeAll(async () => {
  org = await rolesTestOrg('explain-members');
  people = [];
  for (const label of ['Ada', 'Grace', 'Linus', 'Margaret', '100% Sure']) {
    people.push(await personIn(org, label, 'viewer'));
  }
});

describe('roles.explainMembers', () => {
  it('returns one bounded page sorted by name and says when more match', async () => {
    const page = await org.ownerPerson.caller.roles.explainMembers({ orgSlug: org.slug, limit: 3 });
    expect(page.members).toHaveLength(3);
    expect(page.hasMore).toBe(true);
    const names = page.members.map((m) => m.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(page.members[0]).toMatchObject({ email: expect.stringContaining('@example.test'), active: true });
  });

  it('finds members by part of their name or email, taking % literally', async () => {
    const grace = people[1]!;
    const byName = await org.ownerPerson.caller.roles.explainMembers({ orgSlug: org.slug, search: 'grac' });
    expect(byName.members.map((m) => m.membershipId)).toEqual([grace.membershipId]);
    const byEmail = await org.ownerPerson.caller.roles.explainMembers({ orgSlug: org.slug, search: 'linus-' });
    expect(byEmail.members.map((m) => m.name)).toEqual([people[2]!.name]);
    const percent = await org.ownerPerson.caller.roles.explainMembers({ orgSlug: org.slug, search: '100%' });
    expect(percent.members.map((m) => m.membershipId)).toEqual([people[4]!.membershipId]);
    const nobody = await org.ownerPerson.caller.roles.explainMembers({ orgSlug: org.slug, search: 'zzz-nobody' });
    expect(nobody).toEqual({ members: [], hasMore: false, selected: null });
  });

  it('returns the pre-selected member even when the page does not include them', async () => {
    const margaret = people[3]!;
    const page = await org.ownerPerson.caller.roles.explainMembers({
      orgSlug: org.slug,
      search: 'ada',
      selectedMembershipId: margaret.membershipId,
    });
    expect(page.members.map((m) => m.membershipId)).not.toContain(margaret.membershipId);
    expect(page.selected).toMatchObject({ membershipId: margaret.membershipId, name: margaret.name });
  });

  it('does not return a member of another organization as the selection', async () => {
    const other = await rolesTestOrg('explain-members-other');
    const page = await org.ownerPerson.caller.roles.explainMembers({
      orgSlug: org.slug,
      selectedMembershipId: other.ownerPerson.membershipId,
    });
    expect(page.selected).toBeNull();
  });

  it('is refused to someone who may not manage roles', async () => {
    const error = await caught(people[0]!.caller.roles.explainMembers({ orgSlug: org.slug }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toMatchObject({ permission: 'roles:manage' });
  });
});
