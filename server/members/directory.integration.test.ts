/**
 * The members directory through the real procedure chain: search (wildcards taken literally),
 * filters by role, team and status, sorting with a stable tiebreak, bounded pages with a total,
 * roles and teams per row, and the tenant boundary (another org's member id is NOT_FOUND).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { caught, personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { escapeLike } from './directory';

async function renameUser(userId: string, name: string, email?: string) {
  await adminQuery('update users set name = $2, email = coalesce($3, email) where id = $1', [
    userId,
    name,
    email ?? null,
  ]);
}

async function teamWith(orgId: string, name: string, membershipIds: string[]): Promise<string> {
  const id = randomUUID();
  await adminQuery('insert into teams (org_id, id, name) values ($1, $2, $3)', [orgId, id, name]);
  for (const m of membershipIds) {
    await adminQuery('insert into team_members (org_id, team_id, membership_id) values ($1, $2, $3)', [orgId, id, m]);
  }
  return id;
}

describe('members directory', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let people: Record<'ada' | 'bob' | 'cy' | 'dee' | 'percent', Person>;
  let teamId: string;

  beforeAll(async () => {
    org = await rolesTestOrg('dir');
    owner = org.ownerPerson;
    await renameUser(owner.userId, 'Zed Owner');
    const entries = [
      ['ada', 'Ada Lovelace', 'member'],
      ['bob', 'Bob Builder', 'viewer'],
      ['cy', 'Cy Twombly', 'viewer'],
      ['dee', 'dee lowercase', 'admin'],
      ['percent', 'Percy 100%_off', 'viewer'],
    ] as const;
    people = {} as typeof people;
    for (const [key, name, role] of entries) {
      const person = await personIn(org, `dir-${key}`, role);
      await renameUser(person.userId, name, `${key}.${randomUUID().slice(0, 6)}@dir.example`);
      people[key] = person;
    }
    teamId = await teamWith(org.orgId, 'Platform', [people.ada.membershipId, people.cy.membershipId]);
    await teamWith(org.orgId, 'Alpha', [people.ada.membershipId]);
    await adminQuery(`update memberships set status = 'deactivated', deactivated_at = now() where id = $1`, [
      people.cy.membershipId,
    ]);
  });

  const list = (input: Record<string, unknown> = {}) => owner.caller.members.list({ orgSlug: org.slug, ...input });

  it('lists everyone sorted by name, case-insensitively, with roles and teams per row', async () => {
    const page = await list();
    expect(page.rows.map((r) => r.name)).toEqual([
      'Ada Lovelace',
      'Bob Builder',
      'Cy Twombly',
      'dee lowercase',
      'Percy 100%_off',
      'Zed Owner',
    ]);
    expect(page).toMatchObject({ total: 6, page: 1, pageSize: 25, pageCount: 1 });
    const ada = page.rows[0]!;
    expect(ada.roles.map((r) => r.name)).toEqual(['Member']);
    expect(ada.teams.map((t) => t.name)).toEqual(['Alpha', 'Platform']);
    expect(page.rows.find((r) => r.name === 'Cy Twombly')).toMatchObject({ status: 'deactivated' });
  });

  it('searches name and email, taking % and _ literally', async () => {
    expect((await list({ q: 'LOVE' })).rows.map((r) => r.name)).toEqual(['Ada Lovelace']);
    expect((await list({ q: '@dir.example' })).total).toBe(5);
    expect((await list({ q: '100%_' })).rows.map((r) => r.name)).toEqual(['Percy 100%_off']);
    expect((await list({ q: '%' })).rows.map((r) => r.name)).toEqual(['Percy 100%_off']);
    expect((await list({ q: '_' })).rows.map((r) => r.name)).toEqual(['Percy 100%_off']);
    expect(escapeLike('a\\b%c_d')).toBe('a\\\\b\\%c\\_d');
  });

  it('filters by role, team and status, combined', async () => {
    const viewer = await systemRoleId(org.orgId, 'viewer');
    expect((await list({ roleId: viewer })).rows.map((r) => r.name)).toEqual([
      'Bob Builder',
      'Cy Twombly',
      'Percy 100%_off',
    ]);
    expect((await list({ teamId })).rows.map((r) => r.name)).toEqual(['Ada Lovelace', 'Cy Twombly']);
    expect((await list({ status: 'deactivated' })).rows.map((r) => r.name)).toEqual(['Cy Twombly']);
    expect((await list({ teamId, status: 'active' })).rows.map((r) => r.name)).toEqual(['Ada Lovelace']);
    expect((await list({ roleId: viewer, q: 'bob' })).rows.map((r) => r.name)).toEqual(['Bob Builder']);
    const none = await list({ q: 'nobody-here' });
    expect(none).toMatchObject({ rows: [], total: 0, pageCount: 0 });
  });

  it('sorts by email, join date and status, either way, with a stable tiebreak', async () => {
    const byEmailDesc = (await list({ sort: 'email', dir: 'desc' })).rows.map((r) => r.email.toLowerCase());
    expect(byEmailDesc).toEqual([...byEmailDesc].sort().reverse());
    const joined = (await list({ sort: 'joined' })).rows;
    expect(joined[0]!.name).toBe('Zed Owner');
    const byStatus = (await list({ sort: 'status', dir: 'desc' })).rows;
    expect(byStatus[0]!.status).toBe('deactivated');
    const active = byStatus.slice(1).map((r) => r.membershipId);
    expect(active).toEqual([...active].sort());
  });

  it('pages with a total, bounded at 100 per page', async () => {
    const first = await list({ pageSize: 4 });
    const second = await list({ pageSize: 4, page: 2 });
    expect(first).toMatchObject({ total: 6, pageCount: 2 });
    expect(first.rows).toHaveLength(4);
    expect(second.rows.map((r) => r.name)).toEqual(['Percy 100%_off', 'Zed Owner']);
    expect((await list({ pageSize: 4, page: 9 })).rows).toEqual([]);
    expect((await caught(list({ pageSize: 101 }))).code).toBe('BAD_REQUEST');
  });

  it('needs users:read, and another org’s member id is NOT_FOUND', async () => {
    const other = await rolesTestOrg('dir-other');
    const error = await caught(
      owner.caller.members.get({ orgSlug: org.slug, membershipId: other.ownerPerson.membershipId }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect((await caught(other.ownerPerson.caller.members.list({ orgSlug: org.slug }))).code).toBe('NOT_FOUND');
    const detail = await people.bob.caller.members.get({ orgSlug: org.slug, membershipId: people.ada.membershipId });
    expect(detail).toMatchObject({ name: 'Ada Lovelace', isSelf: false, manager: null, version: 1 });
  });

  it('exports in keyset batches: every order gives the list’s rows, once each, even as members come and go', async () => {
    const orders = [
      { sort: 'name', dir: 'asc' },
      { sort: 'email', dir: 'desc' },
      { sort: 'joined', dir: 'desc' },
      { sort: 'status', dir: 'asc' },
    ] as const;
    for (const order of orders) {
      const expected = (await list({ ...order, pageSize: 100 })).rows.map((r) => r.membershipId);
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 10; i++) {
        const batch = await owner.caller.members.batch({
          orgSlug: org.slug,
          ...order,
          size: 2,
          ...(after ? { after } : {}),
        });
        seen.push(...batch.rows.map((r) => r.membershipId));
        if (!batch.nextCursor) break;
        after = batch.nextCursor;
      }
      expect(seen, `${order.sort} ${order.dir}`).toEqual(expected);
    }

    // Someone joins and someone leaves between two batches: nobody already listed comes back, nobody is skipped.
    const first = await owner.caller.members.batch({ orgSlug: org.slug, size: 3 });
    const late = await personIn(org, 'dir-late', 'viewer');
    await renameUser(late.userId, 'Aaron Early');
    const rest = await owner.caller.members.batch({ orgSlug: org.slug, size: 100, after: first.nextCursor! });
    const names = [...first.rows, ...rest.rows].map((r) => r.name);
    expect(names).toEqual([
      'Ada Lovelace',
      'Bob Builder',
      'Cy Twombly',
      'dee lowercase',
      'Percy 100%_off',
      'Zed Owner',
    ]);
    expect(rest.nextCursor).toBeNull();

    const forged = await caught(owner.caller.members.batch({ orgSlug: org.slug, after: 'not-a-cursor' }));
    expect(forged.code).toBe('BAD_REQUEST');
    await adminQuery('delete from memberships where id = $1', [late.membershipId]);
  });

  it('offers the org’s roles and teams as filters', async () => {
    const options = await people.bob.caller.members.filterOptions({ orgSlug: org.slug });
    expect(options.teams.map((t) => t.name)).toEqual(['Alpha', 'Platform']);
    expect(options.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['Owner', 'Viewer']));
  });
});
