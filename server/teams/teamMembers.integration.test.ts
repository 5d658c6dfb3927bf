/**
 * Team membership through the real procedure chain: adding several members at once (those
 * already in it ignored), removing, leads (several per team, several teams per lead), the member
 * search for the picker, members of another org refused, and the events each change writes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, pgErrorFrom } from '../../test/db';
import { activityOf, caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { teamMembers } from '../../db/schema';
import { withTenant } from '../tenancy/withTenant';

describe('team members', () => {
  let org: RolesTestOrg;
  let admin: Person;
  let ada: Person;
  let bob: Person;
  let cleo: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('team-members');
    [admin, ada, bob, cleo] = await Promise.all([
      personIn(org, 'tm-admin', 'admin'),
      personIn(org, 'tm-ada', 'member'),
      personIn(org, 'tm-bob', 'viewer'),
      personIn(org, 'tm-cleo', 'member'),
    ]);
  });

  const newTeam = (name: string) => admin.caller.teams.create({ orgSlug: org.slug, name });

  it('adds several members at once and ignores those already in the team', async () => {
    const team = await newTeam('Core');
    const first = await admin.caller.teams.addMembers({
      orgSlug: org.slug,
      teamId: team.id,
      membershipIds: [ada.membershipId, bob.membershipId],
    });
    expect(first.added).toBe(2);
    expect(first.team.members.map((m) => m.name).sort()).toEqual([ada.name, bob.name].sort());
    expect(first.team.members[0]).toMatchObject({ isLead: false, isActive: true, email: expect.stringContaining('@') });

    const again = await admin.caller.teams.addMembers({
      orgSlug: org.slug,
      teamId: team.id,
      membershipIds: [ada.membershipId, cleo.membershipId, cleo.membershipId],
    });
    expect(again.added).toBe(1);
    expect(again.team.members).toHaveLength(3);
    expect(again.team.version).toBe(3);

    const listed = (await bob.caller.teams.list({ orgSlug: org.slug })).teams.find((t) => t.id === team.id);
    expect(listed?.memberCount).toBe(3);
  });

  it('removes a member, and says so when the person is not in the team', async () => {
    const team = await newTeam('Removals');
    await admin.caller.teams.addMembers({ orgSlug: org.slug, teamId: team.id, membershipIds: [ada.membershipId] });
    const after = await admin.caller.teams.removeMember({
      orgSlug: org.slug,
      teamId: team.id,
      membershipId: ada.membershipId,
    });
    expect(after.members).toEqual([]);
    const missing = await caught(
      admin.caller.teams.removeMember({ orgSlug: org.slug, teamId: team.id, membershipId: ada.membershipId }),
    );
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('not a member of Removals');
  });

  it('marks several leads per team and lets one member lead several teams; the list names the leads', async () => {
    const [north, south] = [await newTeam('North'), await newTeam('South')];
    for (const team of [north, south]) {
      await admin.caller.teams.addMembers({
        orgSlug: org.slug,
        teamId: team.id,
        membershipIds: [ada.membershipId, bob.membershipId],
      });
    }
    await admin.caller.teams.setLead({
      orgSlug: org.slug,
      teamId: north.id,
      membershipId: ada.membershipId,
      isLead: true,
    });
    const both = await admin.caller.teams.setLead({
      orgSlug: org.slug,
      teamId: north.id,
      membershipId: bob.membershipId,
      isLead: true,
    });
    expect(both.members.filter((m) => m.isLead)).toHaveLength(2);
    await admin.caller.teams.setLead({
      orgSlug: org.slug,
      teamId: south.id,
      membershipId: ada.membershipId,
      isLead: true,
    });

    const { teams } = await bob.caller.teams.list({ orgSlug: org.slug });
    expect(
      teams
        .find((t) => t.id === north.id)
        ?.leads.map((l) => l.name)
        .sort(),
    ).toEqual([ada.name, bob.name].sort());
    expect(teams.find((t) => t.id === south.id)?.leads.map((l) => l.membershipId)).toEqual([ada.membershipId]);

    const unmarked = await admin.caller.teams.setLead({
      orgSlug: org.slug,
      teamId: north.id,
      membershipId: bob.membershipId,
      isLead: false,
    });
    expect(unmarked.members.find((m) => m.membershipId === bob.membershipId)?.isLead).toBe(false);

    const notInTeam = await caught(
      admin.caller.teams.setLead({
        orgSlug: org.slug,
        teamId: north.id,
        membershipId: cleo.membershipId,
        isLead: true,
      }),
    );
    expect(notInTeam.code).toBe('NOT_FOUND');
  });

  it('refuses members of another organization (NOT_FOUND), and the foreign key refuses them too', async () => {
    const team = await newTeam('Closed Shop');
    const other = await rolesTestOrg('team-members-other');
    const refused = await caught(
      admin.caller.teams.addMembers({
        orgSlug: org.slug,
        teamId: team.id,
        membershipIds: [ada.membershipId, other.ownerPerson.membershipId],
      }),
    );
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.details).toMatchObject({ membershipIds: [other.ownerPerson.membershipId] });
    expect((await admin.caller.teams.get({ orgSlug: org.slug, teamId: team.id })).members).toEqual([]);

    const fk = await pgErrorFrom(
      withTenant(org.orgId, { type: 'user', userId: admin.userId }, (tx) =>
        tx
          .insert(teamMembers)
          .values({ orgId: org.orgId, teamId: team.id, membershipId: other.ownerPerson.membershipId }),
      ),
    );
    expect(fk.code).toBe('23503');

    // Another org's owner cannot add people to this org's team through their own org either.
    const foreign = await caught(
      other.ownerPerson.caller.teams.addMembers({
        orgSlug: other.slug,
        teamId: team.id,
        membershipIds: [other.ownerPerson.membershipId],
      }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
  });

  it('refuses deactivated members', async () => {
    const team = await newTeam('Active Only');
    const gone = await personIn(org, 'tm-gone', 'member');
    await adminQuery(`update memberships set status = 'deactivated', deactivated_at = now() where id = $1`, [
      gone.membershipId,
    ]);
    const refused = await caught(
      admin.caller.teams.addMembers({ orgSlug: org.slug, teamId: team.id, membershipIds: [gone.membershipId] }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain(gone.name);
  });

  it('searches active members by name or email, at most 20, marking those already in the team', async () => {
    const team = await newTeam('Searchers');
    await admin.caller.teams.addMembers({ orgSlug: org.slug, teamId: team.id, membershipIds: [ada.membershipId] });
    const found = await admin.caller.teams.searchMembers({ orgSlug: org.slug, query: 'tm-', teamId: team.id });
    const byId = new Map(found.map((p) => [p.membershipId, p]));
    expect(byId.get(ada.membershipId)?.inTeam).toBe(true);
    expect(byId.get(bob.membershipId)?.inTeam).toBe(false);
    expect(found.some((p) => p.name.startsWith('tm-gone'))).toBe(false);

    const byEmail = await admin.caller.teams.searchMembers({ orgSlug: org.slug, query: cleo.name.split(' ')[1]! });
    expect(byEmail.map((p) => p.membershipId)).toEqual([cleo.membershipId]);
    // A wildcard is searched for literally.
    expect(await admin.caller.teams.searchMembers({ orgSlug: org.slug, query: '%' })).toEqual([]);
    expect((await caught(bob.caller.teams.searchMembers({ orgSlug: org.slug, query: '' }))).code).toBe('FORBIDDEN');
  });

  it('writes readable events for members added, removed and leads changed, bumping the version each time', async () => {
    const team = await newTeam('Evented');
    await admin.caller.teams.addMembers({
      orgSlug: org.slug,
      teamId: team.id,
      membershipIds: [ada.membershipId, bob.membershipId],
    });
    await admin.caller.teams.setLead({
      orgSlug: org.slug,
      teamId: team.id,
      membershipId: ada.membershipId,
      isLead: true,
    });
    const final = await admin.caller.teams.removeMember({
      orgSlug: org.slug,
      teamId: team.id,
      membershipId: ada.membershipId,
    });
    expect(final.version).toBe(4);
    const events = (await activityOf(org.orgId, 'team.')).filter((e) => e.data.teamId === team.id);
    expect(events.map((e) => e.type)).toEqual([
      'team.created',
      'team.member_added',
      'team.lead_changed',
      'team.member_removed',
    ]);
    const added = [
      { membershipId: ada.membershipId, name: ada.name },
      { membershipId: bob.membershipId, name: bob.name },
    ].sort((a, b) => a.name.localeCompare(b.name));
    expect(events[1]?.data).toEqual({ teamId: team.id, name: 'Evented', members: added, version: 2 });
    expect(events[2]?.data).toMatchObject({ member: { name: ada.name }, isLead: true, version: 3 });
    expect(events[3]?.data).toMatchObject({ member: { name: ada.name }, wasLead: true, version: 4 });

    // A stale editor learns that the members changed.
    const stale = await caught(
      admin.caller.teams.update({
        orgSlug: org.slug,
        teamId: team.id,
        version: 1,
        name: 'Renamed',
        kind: 'team',
        parentId: null,
      }),
    );
    expect(stale.message).toContain(`${admin.name} changed the members and the leads.`);
  });
});
