/**
 * Teams through the real procedure chain (session cookie → membership → permission → tenant
 * transaction): creating and nesting, moving, cycle and depth refusals, names unique per org,
 * optimistic concurrency, deleting a team with sub-teams, RLS isolation and the activity feed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { activityOf, caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { withTenant } from '../tenancy/withTenant';
import { MAX_TEAM_DEPTH } from './teamSchemas';

describe('teams router', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let admin: Person;
  let viewer: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('teams');
    owner = org.ownerPerson;
    [admin, viewer] = await Promise.all([
      personIn(org, 'teams-admin', 'admin'),
      personIn(org, 'teams-viewer', 'viewer'),
    ]);
  });

  const create = (input: { name: string; parentId?: string | null; kind?: 'team' | 'department' }) =>
    admin.caller.teams.create({ orgSlug: org.slug, ...input });

  it('creates a department and nested teams; the list returns the whole tree with counts, get the path and children', async () => {
    const company = await create({ name: 'Engineering', kind: 'department' });
    const platform = await create({ name: 'Platform', parentId: company.id });
    const infra = await create({ name: 'Infra', parentId: platform.id, kind: 'team' });
    expect(company).toMatchObject({ kind: 'department', parentId: null, path: [], version: 1 });
    expect(infra.path.map((t) => t.name)).toEqual(['Engineering', 'Platform']);

    const { teams } = await viewer.caller.teams.list({ orgSlug: org.slug });
    const byName = new Map(teams.map((t) => [t.name, t]));
    expect(byName.get('Platform')).toMatchObject({ parentId: company.id, memberCount: 0, leads: [] });
    expect(byName.get('Infra')?.parentId).toBe(platform.id);

    const viewed = await viewer.caller.teams.get({ orgSlug: org.slug, teamId: platform.id });
    expect(viewed.path).toEqual([{ id: company.id, name: 'Engineering', kind: 'department' }]);
    expect(viewed.children).toEqual([{ id: infra.id, name: 'Infra', kind: 'team', memberCount: 0 }]);
  });

  it('moves a team with its sub-teams under another, and to the top level', async () => {
    const sales = await create({ name: 'Sales', kind: 'department' });
    const emea = await create({ name: 'EMEA', parentId: sales.id });
    const dach = await create({ name: 'DACH', parentId: emea.id });
    const ops = await create({ name: 'Revenue Ops', kind: 'department' });

    const moved = await admin.caller.teams.update({
      orgSlug: org.slug,
      teamId: emea.id,
      version: emea.version,
      name: 'EMEA',
      kind: 'team',
      parentId: ops.id,
    });
    expect(moved.path.map((t) => t.name)).toEqual(['Revenue Ops']);
    expect(moved.version).toBe(emea.version + 1);
    const deep = await viewer.caller.teams.get({ orgSlug: org.slug, teamId: dach.id });
    expect(deep.path.map((t) => t.name)).toEqual(['Revenue Ops', 'EMEA']);

    const top = await admin.caller.teams.update({
      orgSlug: org.slug,
      teamId: emea.id,
      version: moved.version,
      name: 'EMEA',
      kind: 'team',
      parentId: null,
    });
    expect(top.path).toEqual([]);
  });

  it('refuses moving a team under itself or one of its sub-teams, naming the circle', async () => {
    const a = await create({ name: 'Cycle A' });
    const b = await create({ name: 'Cycle B', parentId: a.id });
    const c = await create({ name: 'Cycle C', parentId: b.id });
    const move = (parentId: string) =>
      admin.caller.teams.update({
        orgSlug: org.slug,
        teamId: a.id,
        version: a.version,
        name: a.name,
        kind: 'team',
        parentId,
      });

    const intoGrandchild = await caught(move(c.id));
    expect(intoGrandchild.code).toBe('BAD_REQUEST');
    expect(intoGrandchild.message).toContain('Cycle A → Cycle B → Cycle C → Cycle A');
    expect(intoGrandchild.details).toMatchObject({ field: 'parentId' });
    expect((await caught(move(a.id))).message).toContain('inside itself');
    expect((await viewer.caller.teams.get({ orgSlug: org.slug, teamId: a.id })).parentId).toBeNull();
  });

  it('serialises concurrent moves: two admins each moving one team under the other cannot make a circle', async () => {
    const [left, right] = [await create({ name: 'Race Left' }), await create({ name: 'Race Right' })];
    const move = (who: Person, team: { id: string; name: string }, parentId: string) =>
      who.caller.teams.update({
        orgSlug: org.slug,
        teamId: team.id,
        version: 1,
        name: team.name,
        kind: 'team',
        parentId,
      });
    const outcomes = await Promise.allSettled([move(admin, left, right.id), move(owner, right, left.id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refusal] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(String((refusal?.reason as Error).message)).toMatch(/inside itself|Someone else changed/);
    const parents = await adminQuery<{ name: string; parent: string | null }>(
      `select t.name, p.name as parent from teams t left join teams p on p.org_id = t.org_id and p.id = t.parent_id
        where t.org_id = $1 and t.name like 'Race %' order by t.name`,
      [org.orgId],
    );
    expect(parents.filter((row) => row.parent !== null)).toHaveLength(1);
  });

  it(`nests ${MAX_TEAM_DEPTH} levels below the top and refuses one more, on create and on move`, async () => {
    let parentId: string | null = null;
    const chain: string[] = [];
    for (let level = 0; level <= MAX_TEAM_DEPTH; level++) {
      const team = await create({ name: `Depth ${level}`, parentId });
      chain.push(team.id);
      parentId = team.id;
    }
    const tooDeep = await caught(create({ name: 'Depth 11', parentId }));
    expect(tooDeep.code).toBe('BAD_REQUEST');
    expect(tooDeep.message).toContain(`at most ${MAX_TEAM_DEPTH} levels deep`);

    const pair = await create({ name: 'Depth pair' });
    await create({ name: 'Depth pair child', parentId: pair.id });
    const moveDeep = await caught(
      admin.caller.teams.update({
        orgSlug: org.slug,
        teamId: pair.id,
        version: pair.version,
        name: pair.name,
        kind: 'team',
        parentId: chain[MAX_TEAM_DEPTH - 1]!,
      }),
    );
    expect(moveDeep.message).toContain('Depth pair → Depth pair child');
  });

  it('keeps names unique per org whatever the case, on create and rename', async () => {
    await create({ name: 'Support' });
    const taken = await caught(create({ name: '  sUPPORT ' }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe('A team named “Support” already exists');
    expect(taken.details).toMatchObject({ field: 'name' });

    const other = await create({ name: 'Support Tier 2' });
    const rename = await caught(
      admin.caller.teams.update({
        orgSlug: org.slug,
        teamId: other.id,
        version: 1,
        name: 'support',
        kind: 'team',
        parentId: null,
      }),
    );
    expect(rename.code).toBe('CONFLICT');
  });

  it('refuses a save based on a stale version, saying who changed what and returning the team as it is', async () => {
    const team = await create({ name: 'Design' });
    await owner.caller.teams.update({
      orgSlug: org.slug,
      teamId: team.id,
      version: team.version,
      name: 'Product Design',
      description: 'Pixels',
      kind: 'team',
      parentId: null,
    });
    const stale = await caught(
      admin.caller.teams.update({
        orgSlug: org.slug,
        teamId: team.id,
        version: team.version,
        name: 'Design Systems',
        kind: 'team',
        parentId: null,
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('Someone else changed this team since you opened it');
    expect(stale.message).toContain(`${owner.name} changed the name and the description.`);
    expect(stale.details?.current).toMatchObject({ name: 'Product Design', description: 'Pixels', version: 2 });
    expect((await viewer.caller.teams.get({ orgSlug: org.slug, teamId: team.id })).name).toBe('Product Design');
  });

  it('refuses to delete a team with sub-teams until told where they go, then moves them there', async () => {
    const parent = await create({ name: 'Finance', kind: 'department' });
    const team = await create({ name: 'Accounting', parentId: parent.id });
    const payables = await create({ name: 'Payables', parentId: team.id });
    const receivables = await create({ name: 'Receivables', parentId: team.id });

    const refused = await caught(admin.caller.teams.delete({ orgSlug: org.slug, teamId: team.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('Accounting has 2 sub-teams (Payables, Receivables)');
    expect(refused.message).toContain('its parent, Finance,');

    const intoItself = await caught(
      admin.caller.teams.delete({ orgSlug: org.slug, teamId: team.id, reparentChildrenTo: { parentId: payables.id } }),
    );
    expect(intoItself.code).toBe('BAD_REQUEST');

    const result = await admin.caller.teams.delete({
      orgSlug: org.slug,
      teamId: team.id,
      reparentChildrenTo: { parentId: parent.id },
    });
    expect(result).toMatchObject({
      deleted: { name: 'Accounting' },
      childrenMovedTo: { name: 'Finance' },
      childrenMoved: 2,
    });
    const finance = await viewer.caller.teams.get({ orgSlug: org.slug, teamId: parent.id });
    expect(finance.children.map((c) => c.id).sort()).toEqual([payables.id, receivables.id].sort());
    expect((await caught(viewer.caller.teams.get({ orgSlug: org.slug, teamId: team.id }))).code).toBe('NOT_FOUND');

    // A leaf goes at once; its sub-teams' option may also be the top level.
    const leafParent = await create({ name: 'Legal' });
    const leaf = await create({ name: 'Contracts', parentId: leafParent.id });
    await admin.caller.teams.delete({
      orgSlug: org.slug,
      teamId: leafParent.id,
      reparentChildrenTo: { parentId: null },
    });
    expect((await viewer.caller.teams.get({ orgSlug: org.slug, teamId: leaf.id })).parentId).toBeNull();
  });

  it('lets a Viewer read the tree but not change it', async () => {
    const refused = await caught(viewer.caller.teams.create({ orgSlug: org.slug, name: 'Not allowed' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details).toMatchObject({ permission: 'teams:manage' });
    expect((await viewer.caller.teams.list({ orgSlug: org.slug })).teams.length).toBeGreaterThan(0);
  });

  it('isolates tenants: another org cannot see, read or move into a team, even by id', async () => {
    const mine = await create({ name: 'Secret Projects' });
    const other = await rolesTestOrg('teams-other');
    const foreign = other.ownerPerson.caller;

    const theirs = await foreign.teams.list({ orgSlug: other.slug });
    expect(theirs.teams).toEqual([]);
    expect((await caught(foreign.teams.get({ orgSlug: other.slug, teamId: mine.id }))).code).toBe('NOT_FOUND');
    expect((await caught(foreign.teams.get({ orgSlug: org.slug, teamId: mine.id }))).code).toBe('NOT_FOUND');
    const nested = await caught(foreign.teams.create({ orgSlug: other.slug, name: 'Mole', parentId: mine.id }));
    expect(nested.code).toBe('NOT_FOUND');

    // Under RLS, even a query without an org filter sees only the current tenant's teams.
    const visible = await withTenant(other.orgId, { type: 'user', userId: other.owner.userId }, async (tx) =>
      tx.execute<{ id: string }>(`select id from teams where id = '${mine.id}'`),
    );
    expect(visible.rows).toEqual([]);
  });

  it('writes readable activity events for create, update and delete, each with the version it produced', async () => {
    const team = await create({ name: 'Events Team' });
    await admin.caller.teams.update({
      orgSlug: org.slug,
      teamId: team.id,
      version: 1,
      name: 'Events Crew',
      kind: 'team',
      parentId: null,
    });
    await admin.caller.teams.delete({ orgSlug: org.slug, teamId: team.id });
    const events = (await activityOf(org.orgId, 'team.')).filter((e) => e.data.teamId === team.id);
    expect(events).toEqual([
      {
        type: 'team.created',
        actor: admin.userId,
        data: { teamId: team.id, name: 'Events Team', kind: 'team', version: 1 },
      },
      {
        type: 'team.updated',
        actor: admin.userId,
        data: { teamId: team.id, name: 'Events Crew', previousName: 'Events Team', fields: ['name'], version: 2 },
      },
      {
        type: 'team.deleted',
        actor: admin.userId,
        data: { teamId: team.id, name: 'Events Crew', kind: 'team', memberCount: 0 },
      },
    ]);
    const [row] = await adminQuery<{ n: number }>('select count(*)::int as n from teams where id = $1', [team.id]);
    expect(row?.n).toBe(0);
  });
});
