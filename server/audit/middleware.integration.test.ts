/**
 * Audit capture through the real procedure chain: a success carries actor, request, resource and
 * (sensitive) before/after, written in the mutation's transaction; a refusal at the gate, invalid
 * input and a conflict are recorded with their reason after the rollback, and leave no success
 * event behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caught, personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { auditRowsOf } from './testFixtures';
import { verifyChain } from './verify';

let org: RolesTestOrg;
let viewer: Person;

beforeAll(async () => {
  org = await rolesTestOrg('audit-mw');
  viewer = await personIn(org, 'audit-mw-viewer', 'viewer');
});

describe('audit middleware', () => {
  it('records a role change with its actor, request and before/after', async () => {
    const owner = org.ownerPerson;
    const role = await owner.caller.roles.create({ orgSlug: org.slug, name: 'Auditors', permissions: ['audit:read'] });
    await owner.caller.roles.update({
      orgSlug: org.slug,
      roleId: role.id,
      version: role.version,
      name: 'Senior auditors',
      permissions: ['audit:read', 'audit:export'],
    });

    const [created] = await auditRowsOf(org.orgId, 'roles.create');
    expect(created).toMatchObject({ outcome: 'success', resource_type: 'role', resource_id: role.id, before: null });
    expect(created?.after).toMatchObject({ name: 'Auditors' });

    const [updated] = await auditRowsOf(org.orgId, 'roles.update');
    expect(updated).toMatchObject({
      outcome: 'success',
      reason: null,
      actor_type: 'user',
      actor_id: owner.userId,
      resource_type: 'role',
      resource_id: role.id,
      ip: '127.0.0.1',
      country: 'unknown',
    });
    expect(updated?.actor_email).toContain('@example.test');
    expect(updated?.request_id).toMatch(/.+/);
    expect(updated?.before).toMatchObject({
      name: 'Auditors',
      grants: [{ permission: 'audit:read', condition: null }],
    });
    expect(updated?.after).toMatchObject({ name: 'Senior auditors' });
    expect((updated?.after as { grants: unknown[] }).grants).toHaveLength(2);
  });

  it('names the resource the procedure declares: a child team created is the new team, not its parent', async () => {
    const owner = org.ownerPerson;
    const parent = await owner.caller.teams.create({ orgSlug: org.slug, name: 'Audit parent' });
    const child = await owner.caller.teams.create({ orgSlug: org.slug, name: 'Audit child', parentId: parent.id });
    const creates = (await auditRowsOf(org.orgId, 'teams.create')).filter((r) => r.outcome === 'success');
    expect(creates.map((r) => [r.resource_type, r.resource_id])).toEqual([
      ['team', parent.id],
      ['team', child.id],
    ]);
    await owner.caller.teams.addMembers({ orgSlug: org.slug, teamId: child.id, membershipIds: [viewer.membershipId] });
    const [added] = await auditRowsOf(org.orgId, 'teams.addMembers');
    expect(added).toMatchObject({ outcome: 'success', resource_type: 'team', resource_id: child.id });
  });

  it('records a refusal at the gate with the reason, and nothing changes', async () => {
    const error = await caught(viewer.caller.roles.create({ orgSlug: org.slug, name: 'Sneaky', permissions: [] }));
    expect(error.code).toBe('FORBIDDEN');
    const failures = (await auditRowsOf(org.orgId, 'roles.create')).filter((r) => r.outcome === 'failure');
    expect(failures).toHaveLength(1);
    // A create that failed created nothing: no resource id (not the org's id as the role's).
    expect(failures[0]).toMatchObject({ actor_id: viewer.userId, resource_type: 'role', resource_id: null });
    expect(failures[0]?.reason).toMatch(/^PERMISSION_MISSING: /);
    expect(failures[0]?.reason).toContain('None of your roles grants roles:manage');
  });

  it('records invalid input and a stale-version conflict as failures, with no success event', async () => {
    const owner = org.ownerPerson;
    const invalid = await caught(owner.caller.roles.create({ orgSlug: org.slug, name: '', permissions: [] }));
    expect(invalid.code).toBe('BAD_REQUEST');
    const role = await owner.caller.roles.create({ orgSlug: org.slug, name: 'Versioned', permissions: [] });
    const before = (await auditRowsOf(org.orgId, 'roles.update')).length;
    const conflict = await caught(
      owner.caller.roles.update({ orgSlug: org.slug, roleId: role.id, version: role.version + 5, name: 'Late' }),
    );
    expect(conflict.code).toBe('CONFLICT');

    const creates = await auditRowsOf(org.orgId, 'roles.create');
    expect(creates.some((r) => r.outcome === 'failure' && r.reason?.startsWith('INVALID_INPUT: invalid input'))).toBe(
      true,
    );
    const updates = (await auditRowsOf(org.orgId, 'roles.update')).slice(before);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ outcome: 'failure', resource_id: role.id });
    expect(updates[0]?.reason).toMatch(/^STALE_VERSION: /);
  });

  it('records a refused input that holds NUL and a lone surrogate, stored as U+FFFD (jsonb cannot hold them)', async () => {
    const owner = org.ownerPerson;
    const refused = await caught(
      owner.caller.roles.create({
        orgSlug: org.slug,
        name: 'Bad\u0000name',
        description: 'half \uD800 pair',
        permissions: [],
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');

    const creates = await auditRowsOf(org.orgId, 'roles.create');
    const failure = creates.find(
      (r) => r.outcome === 'failure' && (r.after as { name?: string } | null)?.name?.startsWith('Bad'),
    );
    expect(failure?.after).toMatchObject({ name: 'Bad\uFFFDname', description: 'half \uFFFD pair' });
  });

  it('records a refused read with the reason, and no permitted read', async () => {
    const refused = await caught(viewer.caller.audit.list({ orgSlug: org.slug }));
    expect(refused.code).toBe('FORBIDDEN');
    await org.ownerPerson.caller.audit.list({ orgSlug: org.slug });
    const reads = await auditRowsOf(org.orgId, 'audit.list');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ outcome: 'failure', actor_id: viewer.userId });
    expect(reads[0]?.reason).toContain('None of your roles grants audit:read');
  });

  it('keeps one unbroken chain under concurrent mutations', async () => {
    const owner = org.ownerPerson;
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        owner.caller.roles.create({ orgSlug: org.slug, name: `Parallel ${i}`, permissions: [] }),
      ),
    );
    const rows = await auditRowsOf(org.orgId);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const verification = await verifyChain(org.orgId, { type: 'system', name: 'test' });
    expect(verification).toMatchObject({ ok: true, checked: rows.length, broken: null });
  });
});
