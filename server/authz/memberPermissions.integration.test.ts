/**
 * One SQL resolver of a membership's permissions (db/migrations/0024): session resolution and API
 * key lookup both call app_member_permissions and carry no copy of the grant query of their own,
 * the resolver is not the runtime role's to call, and it is inlined into its callers (no SET
 * clause, tables schema-qualified) so resolving a member costs one plan.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, closeAdminPool, pgErrorFrom } from '../../test/db';
import { closeAppPool, getAppPool } from '../database';

afterAll(async () => {
  await closeAppPool();
  await closeAdminPool();
});

async function definitionOf(name: string): Promise<string> {
  const [row] = await adminQuery<{ body: string }>(
    `select pg_get_functiondef(p.oid) as body
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = $1`,
    [name],
  );
  if (!row) throw new Error(`${name} does not exist`);
  return row.body;
}

describe('app_member_permissions', () => {
  it('is what both definer functions resolve permissions with; neither keeps its own grant query', async () => {
    for (const caller of ['app_resolve_member', 'app_api_key_lookup']) {
      const body = await definitionOf(caller);
      expect(body, caller).toContain('app_member_permissions(m.org_id, m.id)');
      expect(body, caller).not.toMatch(/role_effective_permissions|member_roles/);
    }
  });

  it('is not executable by the runtime role', async () => {
    const zero = '00000000-0000-0000-0000-000000000000';
    const error = await pgErrorFrom(getAppPool().query('select * from app_member_permissions($1, $1)', [zero]));
    expect(error.code).toBe('42501');
  });

  it('stays inlinable: a STABLE SQL function, not a definer, with no SET clause and qualified tables', async () => {
    const [fn] = await adminQuery<{ volatility: string; definer: boolean; config: string[] | null; lang: string }>(
      `select p.provolatile as volatility, p.prosecdef as definer, p.proconfig as config, l.lanname as lang
         from pg_proc p join pg_language l on l.oid = p.prolang where p.proname = 'app_member_permissions'`,
    );
    expect(fn).toEqual({ volatility: 's', definer: false, config: null, lang: 'sql' });
    const body = await definitionOf('app_member_permissions');
    expect(body).toContain('public.member_roles');
    expect(body).toContain('public.role_effective_permissions');
  });
});
