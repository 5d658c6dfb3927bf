/**
 * Walks the whole router: every procedure must declare a permission from the catalogue, or say
 * on purpose that it is public or for any signed-in user. A new procedure that forgets fails here.
 */
import { describe, expect, it } from 'vitest';
import { isPermission } from '../shared/permissions';
import type { Meta } from './init';
import { appRouter } from './router';

type AnyProcedure = { _def: { meta?: Meta; type: string } };

function listProcedures() {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    meta: procedure._def.meta,
  }));
}

describe('router permission declarations', () => {
  const procedures = listProcedures();

  it('finds the procedures of every domain router', () => {
    expect(procedures.length).toBeGreaterThan(0);
  });

  it.each(procedures)('$path declares a permission or an explicit access level', ({ meta }) => {
    const permission = meta?.permission;
    const access = meta?.access;
    expect(Boolean(permission) !== Boolean(access), 'declare exactly one of permission or access').toBe(true);
    if (permission) expect(isPermission(permission)).toBe(true);
    if (access) expect(['public', 'authed']).toContain(access);
  });
});
