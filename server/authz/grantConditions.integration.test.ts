/**
 * Grant conditions end to end: checked at save, materialized with the role graph, loaded with
 * the member by app_resolve_member, enforced at the procedure gate (environment and principal)
 * and by can() with a resource, and explained with the chain of roles that reached the grant.
 * Member attributes and the org's time zone are set directly: no procedure edits them yet.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import type { TestUser } from '../activity/testFixtures';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { accessSubjectOf, can } from './can';
import type { Permission } from '../shared/permissions';
import { caught, personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from '../roles/testFixtures';

const INVOICE_LIMIT = 'resource.amount < 100000';
const OWN_REGION = 'resource.region == principal.region';
const OFFICE_NETWORK = 'ipInAny(env.ip, ["10.0.0.0/8"])';
const BUSINESS_HOURS = 'env.weekday <= 5 && env.hour >= 9 && env.hour < 17';

function callerAt(user: TestUser, ip: string, now?: Date) {
  return createContext({ headers: { cookie: user.cookie }, ip, ...(now ? { clock: () => now } : {}) }).then(
    createCaller,
  );
}

async function setAttributes(orgId: string, membershipId: string, attributes: Record<string, string>) {
  await adminQuery('update memberships set attributes = $3 where org_id = $1 and id = $2', [
    orgId,
    membershipId,
    JSON.stringify(attributes),
  ]);
}

/** What a resolver's ctx.can would answer for `person`, built from the same per-request lookup. */
async function accessOf(org: RolesTestOrg, person: Person, request: { ip?: string; now?: Date } = {}) {
  const record = await resolveMemberAsUser(person.userId, org.slug);
  if (!record) throw new Error('not a member');
  const access = accessSubjectOf({
    permissions: record.permissions,
    conditions: record.conditions,
    member: { id: record.membershipId, email: `${person.userId}@example.test`, attributes: record.attributes },
    request: { ip: request.ip ?? '127.0.0.1', now: request.now ?? new Date(), timezone: record.orgTimezone },
  });
  return { record, ctx: { access } };
}

describe('grant conditions', () => {
  let org: RolesTestOrg;
  let owner: Person;
  let viewerRoleId: string;
  const roleIds: Record<string, string> = {};

  async function createRole(
    name: string,
    grants: { permission: Permission; condition?: string }[],
    parentIds: string[] = [],
  ) {
    const role = await owner.caller.roles.create({ orgSlug: org.slug, name, grants, parentIds });
    roleIds[name] = role.id;
    return role;
  }

  async function memberWith(label: string, roleNames: string[], extra: string[] = []) {
    const person = await personIn(org, label, 'viewer');
    await owner.caller.roles.setMemberRoles({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      roleIds: [...roleNames.map((n) => roleIds[n]!), ...extra],
    });
    return person;
  }

  beforeAll(async () => {
    org = await rolesTestOrg('grant-conditions');
    owner = org.ownerPerson;
    viewerRoleId = await systemRoleId(org.orgId, 'viewer');
    await createRole('Invoice readers', [{ permission: 'invoices:read', condition: INVOICE_LIMIT }]);
    await createRole('Finance', [{ permission: 'usage:read' }], [roleIds['Invoice readers']!]);
    await createRole('Regional support', [{ permission: 'support:read', condition: OWN_REGION }]);
    await createRole('Office only', [{ permission: 'org:read', condition: OFFICE_NETWORK }]);
    await createRole('Office hours', [{ permission: 'org:read', condition: BUSINESS_HOURS }]);
    await createRole('Region gate', [{ permission: 'org:read', condition: 'resource.region == "eu"' }]);
  });

  it('refuses a malformed condition at save, pointing at the error', async () => {
    const syntax = await caught(
      owner.caller.roles.create({
        orgSlug: org.slug,
        name: 'Broken',
        grants: [{ permission: 'invoices:read', condition: 'resource.amount < ' }],
      }),
    );
    expect(syntax.code).toBe('BAD_REQUEST');
    expect(syntax.message).toMatch(/^The condition on invoices:read is invalid: Syntax error.*\(line 1, column \d+\)/);
    expect(syntax.details).toMatchObject({
      field: 'grants.0.condition',
      permission: 'invoices:read',
      position: { line: 1 },
    });

    const unknown = await caught(
      owner.caller.roles.create({
        orgSlug: org.slug,
        name: 'Broken',
        grants: [{ permission: 'support:read', condition: 'principal.dept == "Sales"' }],
      }),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(unknown.message).toContain('principal has no attribute "dept"');

    const [{ count }] = (await adminQuery<{ count: number }>(
      "select count(*)::int as count from roles where org_id = $1 and name = 'Broken'",
      [org.orgId],
    )) as [{ count: number }];
    expect(count).toBe(0);
  });

  it('shows the conditions on the role and materializes them, inherited ones included', async () => {
    const finance = await owner.caller.roles.get({ orgSlug: org.slug, roleId: roleIds.Finance! });
    expect(finance.grants).toEqual([{ permission: 'usage:read', condition: null }]);
    expect(finance.effectivePermissions).toEqual(['invoices:read', 'usage:read']);
    const rows = await adminQuery<{ permission: string; conditions: string[] }>(
      'select permission, conditions from role_effective_permissions where org_id = $1 and role_id = $2 order by permission',
      [org.orgId, roleIds.Finance],
    );
    expect(rows).toEqual([
      { permission: 'invoices:read', conditions: [INVOICE_LIMIT] },
      { permission: 'usage:read', conditions: [] },
    ]);
  });

  it('(a) an inherited invoices:read holds only for invoices under 100,000', async () => {
    const person = await memberWith('finance', ['Finance']);
    const { record, ctx } = await accessOf(org, person);
    expect(record.conditions).toEqual({ 'invoices:read': [INVOICE_LIMIT] });
    expect(can(ctx, 'invoices:read', { amount: 99_999 })).toEqual({
      allowed: true,
      reason: `Granted invoices:read because ${INVOICE_LIMIT} holds`,
    });
    const denied = can(ctx, 'invoices:read', { amount: 250_000 });
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toBe(`invoices:read is granted only when ${INVOICE_LIMIT} (it is false)`);
    expect(can(ctx, 'invoices:read').allowed).toBe(false);
    expect(can(ctx, 'billing:manage').reason).toBe('None of your roles grants billing:manage');
  });

  it('(b) members reach only resources tagged with their own region', async () => {
    const person = await memberWith('regional', ['Regional support']);
    await setAttributes(org.orgId, person.membershipId, { region: 'eu', department: 'Support' });
    const { ctx } = await accessOf(org, person);
    expect(can(ctx, 'support:read', { region: 'eu' }).allowed).toBe(true);
    expect(can(ctx, 'support:read', { region: 'us' }).allowed).toBe(false);

    const unplaced = await memberWith('unplaced', ['Regional support']);
    const denied = can((await accessOf(org, unplaced)).ctx, 'support:read', { region: 'eu' });
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toContain(OWN_REGION);
  });

  it('(c) an IP allowlist is enforced at the gate: FORBIDDEN with the reason from 127.0.0.1, allowed from 10.1.2.3', async () => {
    const person = await memberWith('remote', ['Office only']);
    const refused = await caught((await callerAt(person, '127.0.0.1')).orgs.current({ orgSlug: org.slug }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details).toEqual({
      permission: 'org:read',
      reason: `org:read is granted only when ${OFFICE_NETWORK} (it is false)`,
    });
    const current = await (await callerAt(person, '10.1.2.3')).orgs.current({ orgSlug: org.slug });
    expect(current.org.slug).toBe(org.slug);
  });

  it('(d) business hours are read in the org’s time zone from the request clock', async () => {
    await adminQuery(`update organizations set timezone = 'America/New_York' where id = $1`, [org.orgId]);
    try {
      const person = await memberWith('office-hours', ['Office hours']);
      const wednesday10am = new Date('2026-11-25T15:00:00Z'); // 10:00 in New York
      const wednesday6pm = new Date('2026-11-25T23:00:00Z'); // 18:00 in New York
      const saturday10am = new Date('2026-11-28T15:00:00Z');
      const open = await (await callerAt(person, '127.0.0.1', wednesday10am)).orgs.current({ orgSlug: org.slug });
      expect(open.org.slug).toBe(org.slug);
      for (const closed of [wednesday6pm, saturday10am]) {
        const refused = await caught((await callerAt(person, '127.0.0.1', closed)).orgs.current({ orgSlug: org.slug }));
        expect(refused.code).toBe('FORBIDDEN');
        expect(refused.details).toMatchObject({ permission: 'org:read' });
      }
    } finally {
      await adminQuery(`update organizations set timezone = 'UTC' where id = $1`, [org.orgId]);
    }
  });

  it('a condition on the resource denies at the gate of a procedure that never names a resource', async () => {
    const person = await memberWith('region-gate', ['Region gate']);
    const refused = await caught((await callerAt(person, '10.1.2.3')).orgs.current({ orgSlug: org.slug }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(String((refused.details as { reason: string }).reason)).toContain('resource.region == "eu"');
  });

  it('an unconditional grant on another path wins over a conditional one', async () => {
    const person = await memberWith('both', ['Office only'], [viewerRoleId]);
    const { record } = await accessOf(org, person);
    expect(record.conditions).toEqual({});
    const current = await (await callerAt(person, '127.0.0.1')).orgs.current({ orgSlug: org.slug });
    expect(current.org.slug).toBe(org.slug);

    // The same inside one role: inheriting from both makes the materialized grant unconditional.
    const merged = await createRole('Office or viewer', [], [roleIds['Office only']!, viewerRoleId]);
    const [row] = await adminQuery<{ conditions: string[] }>(
      `select conditions from role_effective_permissions where org_id = $1 and role_id = $2 and permission = 'org:read'`,
      [org.orgId, merged.id],
    );
    expect(row?.conditions).toEqual([]);
  });

  it('changing only a condition is a change: a new version, rematerialized', async () => {
    const role = await createRole('Big invoices', [{ permission: 'invoices:read', condition: INVOICE_LIMIT }]);
    const updated = await owner.caller.roles.update({
      orgSlug: org.slug,
      roleId: role.id,
      version: role.version,
      name: role.name,
      grants: [{ permission: 'invoices:read', condition: 'resource.amount < 500000' }],
    });
    expect(updated.version).toBe(role.version + 1);
    expect(updated.grants).toEqual([{ permission: 'invoices:read', condition: 'resource.amount < 500000' }]);
    const [row] = await adminQuery<{ conditions: string[] }>(
      'select conditions from role_effective_permissions where org_id = $1 and role_id = $2',
      [org.orgId, role.id],
    );
    expect(row?.conditions).toEqual(['resource.amount < 500000']);
  });

  it('nobody widens a grant they hold only under a condition', async () => {
    await createRole('Limited role admin', [
      { permission: 'roles:manage' },
      { permission: 'invoices:read', condition: INVOICE_LIMIT },
    ]);
    const person = await memberWith('limited-admin', ['Limited role admin']);
    const refused = await caught(
      person.caller.roles.create({
        orgSlug: org.slug,
        name: 'All invoices',
        grants: [{ permission: 'invoices:read' }],
      }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.details).toEqual({ missingPermissions: ['invoices:read'] });
    const same = await person.caller.roles.create({
      orgSlug: org.slug,
      name: 'Small invoices',
      grants: [{ permission: 'invoices:read', condition: INVOICE_LIMIT }],
    });
    expect(same.grants).toEqual([{ permission: 'invoices:read', condition: INVOICE_LIMIT }]);
  });

  it('explains an inherited conditional grant with the chain and the condition’s value', async () => {
    const person = await memberWith('explained', ['Finance']);
    const denied = await owner.caller.roles.explain({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      permission: 'invoices:read',
      resource: { amount: 250_000 },
    });
    expect(denied).toEqual({
      allowed: false,
      chain: [
        {
          role: 'Finance',
          inheritedFrom: ['Invoice readers'],
          grant: { permission: 'invoices:read', condition: INVOICE_LIMIT },
          conditionResult: { value: false },
          // It reads the resource, so asking without one could not hold (the explainer says so).
          readsResource: true,
          allows: false,
          description: `Finance → inherited from Invoice readers → grant invoices:read → condition ${INVOICE_LIMIT} → false`,
        },
      ],
      reason: expect.stringMatching(/^Denied: every grant of invoices:read is conditional and none holds/),
    });
    const allowed = await owner.caller.roles.explain({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      permission: 'invoices:read',
      resource: { amount: 500 },
    });
    expect(allowed.allowed).toBe(true);
    expect(allowed.reason).toBe(
      `Allowed: Finance → inherited from Invoice readers → grant invoices:read → condition ${INVOICE_LIMIT} → true`,
    );

    const none = await owner.caller.roles.explain({
      orgSlug: org.slug,
      membershipId: person.membershipId,
      permission: 'billing:manage',
    });
    expect(none).toEqual({
      allowed: false,
      chain: [],
      reason: "Denied: none of the member's roles grants billing:manage",
    });

    const viewer = await personIn(org, 'explain-viewer', 'viewer');
    const refused = await caught(
      viewer.caller.roles.explain({ orgSlug: org.slug, membershipId: person.membershipId, permission: 'org:read' }),
    );
    expect(refused.code).toBe('FORBIDDEN');
  });
});
