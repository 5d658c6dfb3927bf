/**
 * Walks the whole router: every mutation in an organization records an audit event — whatever
 * router it lives in, including ones added after this test was written.
 *   1. Structure: every mutation that declares a permission declares its audit event (action,
 *      resource type, where the id is — server/audit/declaration.ts) under a name no other
 *      mutation uses; the rest declare `access: 'public' | 'authed'` (no org: login, signup,
 *      account — decision 010).
 *   2. Failure, for every mutation: a member whose only role grants nothing is refused at the gate,
 *      and the refusal is in the org's trail with the reason.
 *   3. Either outcome, for every mutation: the Owner calling it with only the org (most refuse
 *      the input, some succeed) leaves exactly one event whose outcome matches what happened.
 *   4. Success, for both procedure chains a mutation can be built on: an event in the transaction.
 */
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, personIn, rolesTestOrg, type Caller, type RolesTestOrg } from '../roles/testFixtures';
import { errorCodeOf } from '../errors';
import type { Meta } from '../trpc/init';
import { createContext } from '../trpc/context';
import { router } from '../trpc/init';
import { memberProcedure, orgProcedure } from '../trpc/procedures';
import { appRouter } from '../trpc/router';
import { fromOutput } from './declaration';
import { auditRowsOf } from './testFixtures';

type AnyProcedure = { _def: { meta?: Meta; type: string; middlewares: unknown[] } };

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const mutations = procedures
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path, p]) => ({ path, meta: p._def.meta ?? {}, action: p._def.meta?.audit?.action ?? path }));
const orgMutations = mutations.filter((m) => m.meta.permission);

type Callable = (input: unknown) => Promise<unknown>;

function procedureOf(caller: Caller, path: string): Callable {
  let node: unknown = caller;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node as Callable;
}

async function outcomeOf(work: Promise<unknown>): Promise<{ ok: true } | { ok: false; error: TRPCError }> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, error };
    throw error;
  }
}

/** An org with a member whose only role grants nothing at all. */
async function orgWithPowerlessMember(label: string) {
  const org = await rolesTestOrg(label);
  const member = await personIn(org, `${label}-nobody`, 'viewer');
  const nothing = await org.ownerPerson.caller.roles.create({ orgSlug: org.slug, name: 'Nothing', permissions: [] });
  await org.ownerPerson.caller.roles.setMemberRoles({
    orgSlug: org.slug,
    membershipId: member.membershipId,
    roleIds: [nothing.id],
  });
  return { org, member };
}

describe('every mutation is audited', () => {
  it('finds the mutations of every domain router', () => {
    expect(orgMutations.length).toBeGreaterThan(5);
    expect(orgMutations.map((m) => m.path)).toContain('roles.update');
  });

  it.each(mutations)('$path declares its audit event, or is not an org mutation', ({ meta }) => {
    if (meta.permission) expect(meta.audit).toMatchObject({ action: expect.any(String), resource: expect.any(String) });
    else expect(['public', 'authed']).toContain(meta.access);
  });

  it('names every audited action once', () => {
    const actions = orgMutations.map((m) => m.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('declares no audit event on a query or subscription (only refusals of those are recorded)', () => {
    const declared = procedures.filter(([, p]) => p._def.type !== 'mutation' && p._def.meta?.audit);
    expect(declared.map(([path]) => path)).toEqual([]);
  });

  describe.each(orgMutations)('$path', ({ path, meta, action }) => {
    let org: RolesTestOrg;
    let powerless: Caller;

    beforeAll(async () => {
      const setup = await orgWithPowerlessMember(`walk-${path.replace(/\W+/g, '-').toLowerCase().slice(0, 20)}`);
      org = setup.org;
      powerless = setup.member.caller;
    });

    it('records a refusal at the gate with the reason', async () => {
      const result = await outcomeOf(procedureOf(powerless, path)({ orgSlug: org.slug }));
      expect(result.ok).toBe(false);
      const failures = (await auditRowsOf(org.orgId, action)).filter((r) => r.outcome === 'failure');
      expect(failures).toHaveLength(1);
      expect(failures[0]?.reason).toMatch(/^PERMISSION_MISSING: /);
      expect(failures[0]?.reason).toContain(String(meta.permission));
    });

    it('records exactly one event whose outcome matches, whichever it is', async () => {
      const before = (await auditRowsOf(org.orgId, action)).length;
      const owner = await callerFor(org.owner);
      const result = await outcomeOf(procedureOf(owner, path)({ orgSlug: org.slug }));
      const events = (await auditRowsOf(org.orgId, action)).slice(before);
      expect(events).toHaveLength(1);
      expect(events[0]?.outcome).toBe(result.ok ? 'success' : 'failure');
      // The trail names the domain code (the tRPC code for an error outside the catalogue).
      if (!result.ok) expect(events[0]?.reason).toContain(errorCodeOf(result.error) ?? result.error.code);
    });
  });
});

describe('success is recorded on both procedure chains', () => {
  const probeRouter = router({
    inTransaction: orgProcedure
      .meta({ permission: 'org:read', audit: { action: 'probe.inTransaction', resource: 'probe', id: fromOutput() } })
      .mutation(() => ({ id: 'probe-1' })),
    onTheGate: memberProcedure
      .meta({ permission: 'org:read', audit: { action: 'probe.onTheGate', resource: 'probe', id: fromOutput() } })
      .mutation(() => ({ id: 'probe-2' })),
  });

  it('writes a success event for an orgProcedure and a memberProcedure mutation', async () => {
    const org = await rolesTestOrg('walk-probe');
    const caller = probeRouter.createCaller(
      await createContext({ headers: { cookie: org.owner.cookie }, ip: '127.0.0.1' }),
    );
    await caller.inTransaction({ orgSlug: org.slug });
    await caller.onTheGate({ orgSlug: org.slug });
    expect(await auditRowsOf(org.orgId, 'probe.inTransaction')).toMatchObject([
      { outcome: 'success', resource_type: 'probe', resource_id: 'probe-1' },
    ]);
    expect(await auditRowsOf(org.orgId, 'probe.onTheGate')).toMatchObject([
      { outcome: 'success', resource_type: 'probe', resource_id: 'probe-2' },
    ]);
  });
});
