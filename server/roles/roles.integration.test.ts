/**
 * Custom roles through the real procedure chain (session cookie → membership → permission →
 * tenant transaction): create, edit, delete, inheritance and what it grants members on their
 * very next request, optimistic concurrency, cycles, depth, and system roles staying as they are.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { AVAILABLE_PERMISSIONS, type Permission } from '../shared/permissions';
import { MAX_INHERITANCE_DEPTH } from '../authz/roleGraph';
import type { RoleView } from './roleSchemas';
import { SYSTEM_ROLE_KEYS, SYSTEM_ROLES } from '../authz/systemRoles';
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

/**
 * An oracle independent of the TypeScript resolver: the transitive closure of role_parents,
 * computed by PostgreSQL, joined to the direct grants. Must equal the materialized table.
 */
async function closureByRecursiveSql(orgId: string): Promise<Record<string, Permission[]>> {
  const rows = await adminQuery<{ role_id: string; permissions: Permission[] }>(
    `with recursive ancestry(role_id, ancestor_id) as (
         select id, id from roles where org_id = $1
         union
         select a.role_id, p.parent_role_id from ancestry a
           join role_parents p on p.org_id = $1 and p.role_id = a.ancestor_id)
     select a.role_id::text, coalesce(array_agg(distinct rp.permission order by rp.permission)
                                      filter (where rp.permission is not null), '{}') as permissions
       from ancestry a left join role_permissions rp on rp.org_id = $1 and rp.role_id = a.ancestor_id
      group by a.role_id`,
    [orgId],
  );
  return Object.fromEntries(rows.map((r) => [r.role_id, r.permissions]));
}

async function materialized(orgId: string): Promise<Record<string, Permission[]>> {
  const rows = await adminQuery<{ role_id: string; permissions: Permission[] }>(
    `select r.id::text as role_id,
            coalesce(array_agg(ep.permission order by ep.permission) filter (where ep.permission is not null), '{}') as permissions
       from roles r left join role_effective_permissions ep on ep.org_id = r.org_id and ep.role_id = r.id
      where r.org_id = $1 group by r.id`,
    [orgId],
  );
  return Object.fromEntries(rows.map((r) => [r.role_id, r.permissions]));
}

describe('roles router', () => {
  let org: RolesTestOrg;
  let admin: Person;
  let viewer: Person;
  let owner: Person;

  beforeAll(async () => {
    org = await rolesTestOrg('roles');
    owner = org.ownerPerson;
    [admin, viewer] = await Promise.all([
      personIn(org, 'roles-admin', 'admin'),
      personIn(org, 'roles-viewer', 'viewer'),
    ]);
  });

  const create = (input: { name: string; permissions?: Permission[]; parentIds?: string[]; description?: string }) =>
    admin.caller.roles.create({ orgSlug: org.slug, ...input });

  it('lists the five system roles with what they grant, then custom roles; the catalogue is grouped by resource', async () => {
    const roles = await viewer.caller.roles.list({ orgSlug: org.slug });
    const system = roles.filter((r) => r.isSystem);
    expect(system.map((r) => r.systemKey)).toEqual(SYSTEM_ROLE_KEYS);
    for (const role of system) {
      const definition = SYSTEM_ROLES[role.systemKey!];
      expect(role).toMatchObject({ name: definition.name, parents: [], version: 1 });
      expect(role.permissions).toEqual(sorted(definition.permissions));
      expect(role.effectivePermissions).toEqual(sorted(definition.permissions));
    }
    expect(system.find((r) => r.systemKey === 'admin')?.memberCount).toBe(1);

    const catalogue = await viewer.caller.roles.catalogue({ orgSlug: org.slug });
    // Only what works is offered: no SSO, SCIM or support entries yet; of API keys only
    // api_keys:manage (its page exists), not the reserved api_keys:read.
    const offered = catalogue.flatMap((g) => g.permissions.map((p) => p.key)).sort();
    expect(offered).toEqual([...AVAILABLE_PERMISSIONS].sort());
    expect(offered).toContain('invoices:read');
    expect(offered).not.toContain('api_keys:read');
    expect(offered).not.toContain('sso:manage');
    expect(catalogue.map((g) => g.resource)).toEqual([
      'org',
      'users',
      'teams',
      'roles',
      'audit',
      'activity',
      'api_keys',
      'webhooks',
      'billing',
      'invoices',
      'usage',
    ]);
    expect(catalogue.find((g) => g.resource === 'api_keys')).toEqual({
      resource: 'api_keys',
      label: 'API keys',
      permissions: [{ key: 'api_keys:manage', action: 'manage', description: 'Create and revoke API keys' }],
    });
    expect(catalogue.find((g) => g.resource === 'audit')).toEqual({
      resource: 'audit',
      label: 'Audit trail',
      permissions: [
        { key: 'audit:read', action: 'read', description: 'View the audit trail' },
        { key: 'audit:export', action: 'export', description: 'Export the audit trail' },
      ],
    });
  });

  it('a custom role inheriting from two roles grants exactly the union, and its holder is allowed and refused accordingly', async () => {
    const viewerRoleId = await systemRoleId(org.orgId, 'viewer');
    const editor = await create({ name: 'Profile Editor', permissions: ['org:update'] });
    const lead = await create({
      name: 'Support Lead',
      description: 'Runs the support desk',
      permissions: ['support:manage', 'support:manage'],
      parentIds: [viewerRoleId, editor.id, editor.id],
    });
    const expected = sorted([...SYSTEM_ROLES.viewer.permissions, 'org:update', 'support:manage']);
    expect(lead).toMatchObject({
      name: 'Support Lead',
      description: 'Runs the support desk',
      isSystem: false,
      systemKey: null,
      permissions: ['support:manage'],
      effectivePermissions: expected,
      memberCount: 0,
      version: 1,
    });
    expect(lead.parents.map((p) => p.name)).toEqual(['Profile Editor', 'Viewer']);

    const holder = await personIn(org, 'roles-lead', 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: holder.membershipId,
      roleIds: [lead.id],
    });
    const current = await holder.caller.orgs.current({ orgSlug: org.slug });
    expect(current.permissions).toEqual(expected);
    expect(current.roles).toEqual(['Support Lead']);

    // Inherited from Viewer, inherited from Profile Editor, and not granted by anything.
    await expect(holder.caller.activity.list({ orgSlug: org.slug })).resolves.toMatchObject({
      items: expect.any(Array),
    });
    const profile = await holder.caller.orgs.profile({ orgSlug: org.slug });
    await expect(
      holder.caller.orgs.updateProfile({ orgSlug: org.slug, ...profile, name: 'Renamed by the lead' }),
    ).resolves.toMatchObject({ changed: ['name'] });
    const refused = await caught(holder.caller.roles.create({ orgSlug: org.slug, name: 'Not allowed' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details).toEqual({ permission: 'roles:manage', reason: 'None of your roles grants roles:manage' });
  });

  it("changing a parent's grants changes every descendant's effective permissions on the next request", async () => {
    const base = await create({ name: 'Usage Base', permissions: ['usage:read'] });
    const middle = await create({ name: 'Usage Middle', parentIds: [base.id] });
    const leaf = await create({ name: 'Usage Leaf', permissions: ['org:read'], parentIds: [middle.id] });
    const holder = await personIn(org, 'roles-leaf', 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: holder.membershipId,
      roleIds: [leaf.id],
    });
    expect((await holder.caller.orgs.current({ orgSlug: org.slug })).permissions).toEqual(['org:read', 'usage:read']);

    const updated = await admin.caller.roles.update({
      orgSlug: org.slug,
      roleId: base.id,
      version: base.version,
      name: base.name,
      description: base.description,
      permissions: ['activity:read', 'invoices:read'],
      parentIds: [],
    });
    expect(updated.version).toBe(base.version + 1);
    expect((await holder.caller.orgs.current({ orgSlug: org.slug })).permissions).toEqual([
      'activity:read',
      'invoices:read',
      'org:read',
    ]);
    await expect(holder.caller.activity.list({ orgSlug: org.slug })).resolves.toBeDefined();
    const middleNow = await admin.caller.roles.get({ orgSlug: org.slug, roleId: middle.id });
    expect(middleNow).toMatchObject({ effectivePermissions: ['activity:read', 'invoices:read'], version: 1 });
    expect(await materialized(org.orgId)).toEqual(await closureByRecursiveSql(org.orgId));
  });

  it('a save based on a stale version is a CONFLICT carrying the current role, and changes nothing', async () => {
    const loaded = await create({ name: 'Contractors', permissions: ['org:read'] });
    await owner.caller.roles.update({
      orgSlug: org.slug,
      roleId: loaded.id,
      version: loaded.version,
      name: 'External Contractors',
      description: 'Saved first',
      permissions: ['org:read', 'support:create'],
      parentIds: [],
    });
    const error = await caught(
      admin.caller.roles.update({
        orgSlug: org.slug,
        roleId: loaded.id,
        version: loaded.version,
        name: 'Contractors (v2)',
        description: 'Saved second',
        permissions: ['org:read'],
        parentIds: [],
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Someone else changed this role; review their changes and save again');
    const current = error.details?.current as RoleView;
    expect(current).toMatchObject({
      id: loaded.id,
      name: 'External Contractors',
      description: 'Saved first',
      permissions: ['org:read', 'support:create'],
      version: loaded.version + 1,
    });
    expect(await admin.caller.roles.get({ orgSlug: org.slug, roleId: loaded.id })).toEqual(current);
  });

  it('a cycle is refused with a message naming it, and nothing is saved', async () => {
    const engineering = await create({ name: 'Engineering', permissions: ['api_keys:read'] });
    const ops = await create({ name: 'Ops', permissions: ['webhooks:read'], parentIds: [engineering.id] });
    const error = await caught(
      admin.caller.roles.update({
        orgSlug: org.slug,
        roleId: engineering.id,
        version: engineering.version,
        name: engineering.name,
        description: '',
        permissions: engineering.permissions,
        parentIds: [ops.id],
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Roles cannot inherit from each other in a circle: Engineering → Ops → Engineering');
    expect(error.details).toEqual({ field: 'parentIds', cycle: ['Engineering', 'Ops', 'Engineering'] });

    const self = await caught(
      admin.caller.roles.update({
        orgSlug: org.slug,
        roleId: ops.id,
        version: ops.version,
        name: ops.name,
        description: '',
        permissions: ops.permissions,
        parentIds: [engineering.id, ops.id],
      }),
    );
    expect(self.message).toBe('Roles cannot inherit from each other in a circle: Ops → Ops');
    expect(await admin.caller.roles.get({ orgSlug: org.slug, roleId: engineering.id })).toMatchObject({
      parents: [],
      version: 1,
    });
  });

  it('two admins closing a cycle at the same moment: one save wins, the other is refused', async () => {
    const north = await create({ name: 'North', permissions: ['org:read'] });
    const south = await create({ name: 'South', permissions: ['usage:read'] });
    const inherit = (role: RoleView, parentId: string, caller = admin.caller) =>
      caller.roles.update({
        orgSlug: org.slug,
        roleId: role.id,
        version: role.version,
        name: role.name,
        description: '',
        permissions: role.permissions,
        parentIds: [parentId],
      });
    const results = await Promise.allSettled([inherit(north, south.id), inherit(south, north.id, owner.caller)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(failure.message).toMatch(
      /^Roles cannot inherit from each other in a circle: (North → South → North|South → North → South)$/,
    );
    expect(await materialized(org.orgId)).toEqual(await closureByRecursiveSql(org.orgId));
  });

  it(`inheritance ${MAX_INHERITANCE_DEPTH} levels deep is saved; one more level is refused`, async () => {
    let parent = await create({ name: 'Level 0', permissions: ['org:read'] });
    for (let level = 1; level <= MAX_INHERITANCE_DEPTH; level++) {
      parent = await create({ name: `Level ${level}`, parentIds: [parent.id] });
    }
    expect(parent.effectivePermissions).toEqual(['org:read']);
    const error = await caught(create({ name: `Level ${MAX_INHERITANCE_DEPTH + 1}`, parentIds: [parent.id] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(
      /^Inheritance can be at most 10 levels deep; this would make 11: Level 11 → Level 10 → /,
    );
    const names = (await admin.caller.roles.list({ orgSlug: org.slug })).map((r) => r.name);
    expect(names).not.toContain(`Level ${MAX_INHERITANCE_DEPTH + 1}`);
  });

  it('role names are unique per org regardless of case, system names included', async () => {
    await create({ name: 'Finance' });
    expect((await caught(create({ name: '  fINANCE ' }))).message).toBe('A role named “Finance” already exists');
    const owners = await caught(create({ name: 'owner' }));
    expect({ code: owners.code, message: owners.message }).toEqual({
      code: 'CONFLICT',
      message: 'A role named “Owner” already exists',
    });
    const blank = await caught(create({ name: '   ' }));
    expect(blank.code).toBe('BAD_REQUEST');
  });

  it('system roles cannot be renamed, edited, given parents or deleted', async () => {
    const roles = await admin.caller.roles.list({ orgSlug: org.slug });
    const member = roles.find((r) => r.systemKey === 'member')!;
    const custom = roles.find((r) => !r.isSystem)!;
    const edit = (changes: Partial<RoleView> & { parentIds?: string[] }) =>
      caught(
        owner.caller.roles.update({
          orgSlug: org.slug,
          roleId: member.id,
          version: member.version,
          name: member.name,
          description: member.description,
          permissions: member.permissions,
          parentIds: [],
          ...changes,
        }),
      );
    for (const error of [
      await edit({ name: 'Staff' }),
      await edit({ permissions: [...member.permissions, 'audit:read'] }),
      await edit({ parentIds: [custom.id] }),
    ]) {
      expect({ code: error.code, message: error.message }).toEqual({
        code: 'FORBIDDEN',
        message: 'Member is a system role and cannot be changed',
      });
    }
    const deletion = await caught(owner.caller.roles.delete({ orgSlug: org.slug, roleId: member.id }));
    expect({ code: deletion.code, message: deletion.message }).toEqual({
      code: 'FORBIDDEN',
      message: 'Member is a system role and cannot be deleted',
    });
    expect(await owner.caller.roles.get({ orgSlug: org.slug, roleId: member.id })).toEqual(member);
  });

  it('a role in use is deleted only with a role to move its members to, in the same transaction', async () => {
    const temp = await create({ name: 'Temporary', permissions: ['audit:read'] });
    const keeper = await create({ name: 'Keeper', permissions: ['usage:read'] });
    const [first, second] = await Promise.all([
      personIn(org, 'roles-temp-1', 'viewer'),
      personIn(org, 'roles-temp-2', 'viewer'),
    ]);
    const viewerRoleId = await systemRoleId(org.orgId, 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: first.membershipId,
      roleIds: [temp.id],
    });
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: second.membershipId,
      roleIds: [temp.id, keeper.id, viewerRoleId],
    });

    const refused = await caught(admin.caller.roles.delete({ orgSlug: org.slug, roleId: temp.id }));
    expect({ code: refused.code, message: refused.message, details: refused.details }).toEqual({
      code: 'CONFLICT',
      message: '2 members hold Temporary; choose a role to move them to',
      details: { memberCount: 2 },
    });
    expect((await admin.caller.roles.get({ orgSlug: org.slug, roleId: temp.id })).memberCount).toBe(2);

    const result = await admin.caller.roles.delete({ orgSlug: org.slug, roleId: temp.id, reassignToRoleId: keeper.id });
    expect(result).toEqual({
      deleted: { id: temp.id, name: 'Temporary' },
      reassignedTo: { id: keeper.id, name: 'Keeper' },
      membersMoved: 2,
    });
    expect((await caught(admin.caller.roles.get({ orgSlug: org.slug, roleId: temp.id }))).code).toBe('NOT_FOUND');
    expect(await first.caller.orgs.current({ orgSlug: org.slug }).catch((e: Error) => e.message)).toBe(
      'You do not have permission to do this (org:read)',
    );
    expect(await admin.caller.roles.memberRoles({ orgSlug: org.slug, membershipId: first.membershipId })).toEqual({
      membershipId: first.membershipId,
      roles: [{ id: keeper.id, name: 'Keeper' }],
      effectivePermissions: ['usage:read'],
    });
    const secondRoles = await admin.caller.roles.memberRoles({ orgSlug: org.slug, membershipId: second.membershipId });
    expect(secondRoles.roles.map((r) => r.name)).toEqual(['Viewer', 'Keeper']);
    expect((await admin.caller.roles.get({ orgSlug: org.slug, roleId: keeper.id })).memberCount).toBe(2);
    const leftovers = await adminQuery(
      `select 1 from role_permissions where role_id = $1 union all select 1 from role_effective_permissions where role_id = $1`,
      [temp.id],
    );
    expect(leftovers).toEqual([]);
  });

  it('an unused role is deleted outright; a role others inherit from is not', async () => {
    const parent = await create({ name: 'Parent Role', permissions: ['usage:read'] });
    const child = await create({ name: 'Child Role', parentIds: [parent.id] });
    const refused = await caught(admin.caller.roles.delete({ orgSlug: org.slug, roleId: parent.id }));
    expect({ code: refused.code, message: refused.message }).toEqual({
      code: 'CONFLICT',
      message: 'Child Role inherits from Parent Role; remove it from their parents first',
    });
    await admin.caller.roles.delete({ orgSlug: org.slug, roleId: child.id });
    expect(await admin.caller.roles.delete({ orgSlug: org.slug, roleId: parent.id })).toMatchObject({
      reassignedTo: null,
      membersMoved: 0,
    });
  });

  it('every change is in the activity feed, with role names', async () => {
    const role = await create({ name: 'Feed Role', permissions: ['usage:read'] });
    await admin.caller.roles.update({
      orgSlug: org.slug,
      roleId: role.id,
      version: role.version,
      name: 'Feed Role Renamed',
      description: role.description,
      permissions: ['usage:read', 'invoices:read'],
      parentIds: [],
    });
    await admin.caller.roles.delete({ orgSlug: org.slug, roleId: role.id });
    const events = (await activityOf(org.orgId, 'role.')).filter((e) => e.data.roleId === role.id);
    expect(events).toEqual([
      { type: 'role.created', actor: admin.userId, data: { roleId: role.id, name: 'Feed Role' } },
      {
        type: 'role.updated',
        actor: admin.userId,
        data: {
          roleId: role.id,
          name: 'Feed Role Renamed',
          previousName: 'Feed Role',
          fields: ['name', 'permissions'],
          version: 2,
        },
      },
      { type: 'role.deleted', actor: admin.userId, data: { roleId: role.id, name: 'Feed Role Renamed' } },
    ]);
  });

  it('a Viewer may read roles but not manage them', async () => {
    await expect(viewer.caller.roles.list({ orgSlug: org.slug })).resolves.toBeDefined();
    const error = await caught(viewer.caller.roles.create({ orgSlug: org.slug, name: 'Sneaky' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toEqual({ permission: 'roles:manage', reason: 'None of your roles grants roles:manage' });
  });

  it('the materialized permissions always match the graph', async () => {
    expect(await materialized(org.orgId)).toEqual(await closureByRecursiveSql(org.orgId));
  });
});
