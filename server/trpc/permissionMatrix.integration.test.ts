/**
 * The permission matrix, generated from the router walk — no hand-written list of procedures:
 * every procedure that declares a permission × every system role. A member holding only that
 * role must get past the permission check exactly when SYSTEM_ROLES[role] includes the
 * procedure's permission, through the real chain (session cookie → membership → materialized
 * effective permissions → permission check).
 *
 * How a call is judged. Each procedure is called with `{ orgSlug }` and nothing else:
 *   - FORBIDDEN whose details.permission is the declared permission → denied by the check;
 *   - anything later (a result, BAD_REQUEST from the procedure's own input schema, NOT_FOUND for a
 *     missing id, CONFLICT …) → it got past the check.
 * This relies on the order tRPC v11 runs a procedure in: every `.input()` is a middleware at the
 * place it was declared, so memberProcedure's `{ orgSlug }` parser runs before the permission
 * middleware, and a procedure's own `.input()` (declared after orgProcedure) only after it. The
 * matrix itself proves that order: if a procedure parsed its own input first, a denied role
 * would see BAD_REQUEST instead of FORBIDDEN and its row would fail. Errors that happen before
 * the check (unknown org, signed out, a bad orgSlug) and crashes fail the test rather than count
 * as either answer.
 *
 * Subscriptions are included: through createCaller the middleware chain runs when the
 * subscription is called, and an allowed call returns the async iterable (closed at once here,
 * before it subscribes to anything). Each role gets its own organization, so mutations that
 * succeed with `{ orgSlug }` alone change nothing another test relies on.
 */
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { addTestMember, createTestOrg, type TestUser } from '../activity/testFixtures';
import { isPermission, type Permission } from '../shared/permissions';
import { SYSTEM_ROLE_KEYS, SYSTEM_ROLES, type SystemRoleKey } from '../authz/systemRoles';
import { isAppError } from '../errors';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { createContext } from './context';
import type { Meta } from './init';
import { appRouter, createCaller } from './router';

type ProcedureType = 'query' | 'mutation' | 'subscription';
type Guarded = { path: string; type: ProcedureType; permission: Permission };

function guardedProcedures(): Guarded[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: Meta; type: ProcedureType } }
  >;
  return Object.entries(procedures)
    .filter(([, procedure]) => procedure._def.meta?.permission)
    .map(([path, procedure]) => ({ path, type: procedure._def.type, permission: procedure._def.meta!.permission! }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

type Verdict = 'allowed' | 'denied' | 'never reached the check' | 'crashed';

function judge(error: unknown, permission: Permission): { verdict: Verdict; detail: string } {
  if (!(error instanceof TRPCError)) return { verdict: 'crashed', detail: String(error) };
  const detail = `${error.code}: ${error.message}`;
  if (error.code === 'FORBIDDEN' && isAppError(error) && error.details?.permission !== undefined) {
    return { verdict: error.details.permission === permission ? 'denied' : 'crashed', detail };
  }
  const badOrgSlug =
    error.code === 'BAD_REQUEST' &&
    error.cause instanceof ZodError &&
    error.cause.issues.some((issue) => issue.path[0] === 'orgSlug');
  if (
    error.code === 'UNAUTHORIZED' ||
    badOrgSlug ||
    (error.code === 'NOT_FOUND' && error.message === 'Organization not found') ||
    (error.code === 'FORBIDDEN' && /deactivated|declares no permission/.test(error.message))
  ) {
    return { verdict: 'never reached the check', detail };
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return { verdict: 'crashed', detail };
  return { verdict: 'allowed', detail };
}

type Caller = ReturnType<typeof createCaller>;

async function attempt(caller: Caller, { path, type, permission }: Guarded, orgSlug: string) {
  const call = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    const result = await call({ orgSlug });
    if (type === 'subscription') {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await iterator.return?.();
    }
    return { verdict: 'allowed' as Verdict, detail: 'succeeded' };
  } catch (error) {
    return judge(error, permission);
  }
}

const procedures = guardedProcedures();

describe('permission matrix: procedures × system roles', () => {
  it('walks a router that has guarded queries, mutations and subscriptions', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(10);
    expect(new Set(procedures.map((p) => p.type))).toEqual(new Set(['query', 'mutation', 'subscription']));
    for (const { permission } of procedures) expect(isPermission(permission)).toBe(true);
  });

  describe.each(SYSTEM_ROLE_KEYS)('a member holding only %s', (roleKey: SystemRoleKey) => {
    let slug: string;
    let member: TestUser;
    let caller: Caller;
    const granted = new Set<Permission>(SYSTEM_ROLES[roleKey].permissions);

    beforeAll(async () => {
      const org = await createTestOrg(`matrix-${roleKey}`);
      slug = org.slug;
      // The creator holds the Owner role alone; everyone else joins with exactly one role.
      member = roleKey === 'owner' ? org.owner : await addTestMember(org, `matrix-${roleKey}`, roleKey);
      caller = createCaller(await createContext({ headers: { cookie: member.cookie }, ip: '127.0.0.1' }));
    });

    it('resolves to exactly the permissions of that role', async () => {
      const record = await resolveMemberAsUser(member.userId, slug);
      expect(record?.permissions).toEqual([...granted].sort());
    });

    it.each(procedures)('$path ($permission)', async (procedure) => {
      const outcome = await attempt(caller, procedure, slug);
      const expected: Verdict = granted.has(procedure.permission) ? 'allowed' : 'denied';
      expect(outcome.verdict, `${roleKey} → ${procedure.path}: ${outcome.detail}`).toBe(expected);
    });
  });
});
