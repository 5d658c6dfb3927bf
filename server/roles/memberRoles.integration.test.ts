/**
 * Who holds which roles, through the real procedure chain: several roles give the union, the last
 * Owner stays an Owner, nobody hands out more than they hold, and one tenant can neither read nor
 * touch another's roles — down to the RLS on the role tables themselves.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { catalogueMessage } from '../errorCatalogue';
import { withTenant } from '../tenancy/withTenant';
import type { Permission } from '../shared/permissions';
import { SYSTEM_ROLES } from '../authz/systemRoles';
import {
  activityOf,
  caught,
  personIn,
  rolesTestOrg,
  systemRoleId,
  type Person,
  type RolesTestOrg,
} from './testFixtures';

const sorted = (list: Iterable<Permission>) => [...new Set(list)].sort();

describe('member roles', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let admin: Person;
  let ids: Record<'owner' | 'admin' | 'member' | 'viewer' | 'billing', string>;

  beforeAll(async () => {
    org = await rolesTestOrg('member-roles');
    owner = org.ownerPerson;
    admin = await personIn(org, 'mr-admin', 'admin');
    const keys = ['owner', 'admin', 'member', 'viewer', 'billing'] as const;
    ids = Object.fromEntries(
      await Promise.all(keys.map(async (k) => [k, await systemRoleId(org.orgId, k)])),
    ) as typeof ids;
  });

  it('a member holding several roles gets the union, on the very next request', async () => {
    const person = await personIn(org, 'mr-several', 'viewer');
    const result = await admin.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      roleIds: [ids.viewer, ids.member, ids.viewer],
    });
    expect(result.roles.map((r) => r.name)).toEqual(['Member', 'Viewer']);
    const union = sorted([...SYSTEM_ROLES.viewer.permissions, ...SYSTEM_ROLES.member.permissions]);
    expect(result.effectivePermissions).toEqual(union);
    expect((await person.caller.orgs.current({ orgSlug: org.slug })).permissions).toEqual(union);

    const [event] = (await activityOf(org.orgId, 'member.roles_changed')).filter(
      (e) => e.data.membershipId === person.membershipId,
    );
    expect(event).toEqual({
      type: 'member.roles_changed',
      actor: admin.userId,
      data: {
        membershipId: person.membershipId,
        userId: person.userId,
        memberName: person.name,
        roles: ['Member', 'Viewer'],
        added: ['Member'],
        removed: [],
      },
    });

    // Saving the same set again changes nothing and says nothing.
    await admin.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      roleIds: [ids.member, ids.viewer],
    });
    expect(
      (await activityOf(org.orgId, 'member.roles_changed')).filter((e) => e.data.membershipId === person.membershipId),
    ).toHaveLength(1);
  });

  it('a member must keep at least one role', async () => {
    const person = await personIn(org, 'mr-empty', 'viewer');
    const error = await caught(
      admin.caller.roles.setMemberRoles({ orgSlug: org.slug, membershipId: person.membershipId, roleIds: [] }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.cause?.message).toContain('A member must keep at least one role');
  });

  it('the last active Owner cannot lose the Owner role; with a second Owner they can', async () => {
    const error = await caught(
      owner.caller.roles.setMemberRoles({ orgSlug: org.slug, membershipId: owner.membershipId, roleIds: [ids.admin] }),
    );
    expect({ code: error.code, appCode: error.appCode, message: error.message }).toEqual({
      code: 'CONFLICT',
      appCode: 'LAST_OWNER',
      message: catalogueMessage('LAST_OWNER'),
    });

    // A deactivated Owner does not count.
    const former = await personIn(org, 'mr-former-owner', 'owner');
    await adminQuery(`update memberships set status = 'deactivated' where org_id = $1 and id = $2`, [
      org.orgId,
      former.membershipId,
    ]);
    expect(
      (
        await caught(
          owner.caller.roles.setMemberRoles({
            orgSlug: org.slug,
            membershipId: owner.membershipId,
            roleIds: [ids.admin],
          }),
        )
      ).message,
    ).toBe(catalogueMessage('LAST_OWNER'));

    const second = await personIn(org, 'mr-second-owner', 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: second.membershipId,
      roleIds: [ids.owner],
    });
    const demoted = await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: owner.membershipId,
      roleIds: [ids.admin],
    });
    expect(demoted.roles.map((r) => r.name)).toEqual(['Admin']);
    expect(
      (
        await caught(
          second.caller.roles.setMemberRoles({
            orgSlug: org.slug,
            membershipId: second.membershipId,
            roleIds: [ids.admin],
          }),
        )
      ).message,
    ).toBe(catalogueMessage('LAST_OWNER'));
    // Restore: the second owner hands Owner back.
    await second.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: owner.membershipId,
      roleIds: [ids.owner],
    });
  });

  it('nobody grants more than they hold: an Admin cannot make an Owner, or a role with billing:manage', async () => {
    const person = await personIn(org, 'mr-escalate', 'viewer');
    const promote = await caught(
      admin.caller.roles.setMemberRoles({
        orgSlug: org.slug,
        membershipId: admin.membershipId,
        roleIds: [ids.admin, ids.owner],
      }),
    );
    expect({ code: promote.code, message: promote.message, details: promote.details }).toEqual({
      code: 'FORBIDDEN',
      message:
        'You cannot give Owner: it grants permissions you do not hold: Change plan and payment methods (billing:manage)',
      details: { missingPermissions: ['billing:manage'] },
    });
    const minted = await caught(
      admin.caller.roles.create({ orgSlug: org.slug, name: 'Back door', permissions: ['billing:manage'] }),
    );
    expect(minted.message).toBe(
      'You cannot create this role: it grants permissions you do not hold: Change plan and payment methods (billing:manage)',
    );
    const inherited = await caught(
      admin.caller.roles.create({ orgSlug: org.slug, name: 'Side door', parentIds: [ids.billing] }),
    );
    expect(inherited.details).toEqual({ missingPermissions: ['billing:manage'] });
    const demote = await caught(
      admin.caller.roles.setMemberRoles({ orgSlug: org.slug, membershipId: owner.membershipId, roleIds: [ids.admin] }),
    );
    // Acting on someone who holds more than you is refused before any role is looked at.
    expect(demote.message).toBe(
      `You cannot change the roles of ${owner.name}: they hold permissions you do not: Change plan and payment methods (billing:manage)`,
    );

    // The Owner holds everything, so the same assignment is fine.
    const billing = await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      roleIds: [ids.billing],
    });
    expect(billing.effectivePermissions).toEqual(sorted(SYSTEM_ROLES.billing.permissions));
  });

  it('unknown members and roles are NOT_FOUND', async () => {
    const person = await personIn(org, 'mr-unknown', 'viewer');
    const noMember = await caught(
      admin.caller.roles.setMemberRoles({ orgSlug: org.slug, membershipId: randomUUID(), roleIds: [ids.viewer] }),
    );
    expect({ code: noMember.code, message: noMember.message }).toEqual({
      code: 'NOT_FOUND',
      message: 'Member not found',
    });
    const noRole = await caught(
      admin.caller.roles.setMemberRoles({
        orgSlug: org.slug,
        membershipId: person.membershipId,
        roleIds: [randomUUID()],
      }),
    );
    expect({ code: noRole.code, message: noRole.message }).toEqual({ code: 'NOT_FOUND', message: 'Role not found' });
  });
});

describe('roles across tenants', () => {
  let a: RolesTestOrg;
  let b: RolesTestOrg;
  let adminB: Person;
  let roleA: { id: string; version: number };
  let viewerOfA: Person;

  beforeAll(async () => {
    [a, b] = await Promise.all([rolesTestOrg('roles-tenant-a'), rolesTestOrg('roles-tenant-b')]);
    adminB = await personIn(b, 'rt-admin-b', 'admin');
    viewerOfA = await personIn(a, 'rt-viewer-a', 'viewer');
    const parentA = await a.ownerPerson.caller.roles.create({
      orgSlug: a.slug,
      name: 'A Parent',
      permissions: ['usage:read'],
    });
    roleA = await a.ownerPerson.caller.roles.create({ orgSlug: a.slug, name: 'A Child', parentIds: [parentA.id] });
    const parentB = await adminB.caller.roles.create({
      orgSlug: b.slug,
      name: 'B Parent',
      permissions: ['audit:read'],
    });
    await adminB.caller.roles.create({ orgSlug: b.slug, name: 'B Child', parentIds: [parentB.id] });
  });

  it("an admin of org B can neither read nor edit org A's roles: NOT_FOUND, as if they did not exist", async () => {
    const asB = adminB.caller.roles;
    const listA = await caught(asB.list({ orgSlug: a.slug }));
    expect({ code: listA.code, message: listA.message }).toEqual({
      code: 'NOT_FOUND',
      message: 'Organization not found',
    });

    // A's role ids, sent inside B's own org: RLS hides them.
    const attempts = [
      () => asB.get({ orgSlug: b.slug, roleId: roleA.id }),
      () =>
        asB.update({
          orgSlug: b.slug,
          roleId: roleA.id,
          version: roleA.version,
          name: 'Hijacked',
          permissions: ['audit:export'],
        }),
      () => asB.delete({ orgSlug: b.slug, roleId: roleA.id }),
      () => asB.create({ orgSlug: b.slug, name: 'Grafted', parentIds: [roleA.id] }),
      () => asB.setMemberRoles({ orgSlug: b.slug, membershipId: viewerOfA.membershipId, roleIds: [roleA.id] }),
      () => asB.memberRoles({ orgSlug: b.slug, membershipId: viewerOfA.membershipId }),
    ];
    for (const attempt of attempts) expect((await caught(attempt())).code).toBe('NOT_FOUND');

    const bRoleId = (await asB.list({ orgSlug: b.slug })).find((r) => r.name === 'B Parent')!.id;
    expect(
      (await caught(asB.setMemberRoles({ orgSlug: b.slug, membershipId: viewerOfA.membershipId, roleIds: [bRoleId] })))
        .code,
    ).toBe('NOT_FOUND');

    const [stored] = await adminQuery<{ name: string; version: number }>(
      'select name, version from roles where id = $1',
      [roleA.id],
    );
    expect(stored).toEqual({ name: 'A Child', version: 1 });
    expect(
      await adminQuery('select 1 from member_roles where org_id = $1 and role_id = $2', [b.orgId, roleA.id]),
    ).toEqual([]);
  });

  it("a SELECT without WHERE inside org A sees only A's inheritance edges and materialized permissions", async () => {
    for (const table of ['role_parents', 'role_effective_permissions']) {
      const everywhere = await adminQuery<{ org_id: string }>(
        `select distinct org_id::text from ${table} where org_id = any($1::uuid[])`,
        [[a.orgId, b.orgId]],
      );
      expect(everywhere.map((r) => r.org_id).sort(), table).toEqual([a.orgId, b.orgId].sort());

      const seen = await withTenant(a.orgId, { type: 'user', userId: a.owner.userId }, async (tx) => {
        const { rows } = await tx.$client.query<{ org_id: string }>(`select distinct org_id::text from ${table}`);
        return rows.map((r) => r.org_id);
      });
      expect(seen, table).toEqual([a.orgId]);
    }
  });

  it("a row carrying B's org_id cannot be written from inside A", async () => {
    const bRole = (
      await adminQuery<{ id: string }>(`select id::text from roles where org_id = $1 and name = 'B Parent'`, [b.orgId])
    )[0]!;
    const plant = (sql: string, params: unknown[]) =>
      withTenant(a.orgId, { type: 'user', userId: a.owner.userId }, (tx) => tx.$client.query(sql, params));
    await expect(
      plant('insert into role_effective_permissions (org_id, role_id, permission) values ($1, $2, $3)', [
        b.orgId,
        bRole.id,
        'billing:manage',
      ]),
    ).rejects.toThrow(/row-level security policy for table "role_effective_permissions"/);
    await expect(
      plant('insert into role_parents (org_id, role_id, parent_role_id) values ($1, $2, $2)', [b.orgId, bRole.id]),
    ).rejects.toThrow(/row-level security policy for table "role_parents"/);
    const removed = await plant('delete from role_effective_permissions where org_id = $1', [b.orgId]);
    expect(removed.rowCount).toBe(0);
  });
});
