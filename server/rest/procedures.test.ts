/**
 * The contract with tRPC's internals that ./procedures.ts reads (`_def.type`, `.meta`, `.inputs`,
 * `.output`): fails loudly when an upgrade of @trpc/server moves them.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { procedureShape } from './procedures';
import { REST_ROUTES } from './routes';

describe('reading procedures for REST', () => {
  it('reads a query’s type, meta, merged input (orgSlug included) and output', () => {
    const shape = procedureShape('members.get');
    expect(shape.type).toBe('query');
    expect(shape.meta.permission).toBe('users:read');
    expect(Object.keys(shape.input.shape).sort()).toEqual(['membershipId', 'orgSlug']);
    expect(shape.output).toBeInstanceOf(z.ZodObject);
  });

  it('reads a mutation with its audit declaration', () => {
    const shape = procedureShape('roles.create');
    expect(shape.type).toBe('mutation');
    expect(shape.meta.audit?.action).toBe('roles.create');
  });

  it('reads every routed procedure, none a subscription', () => {
    for (const route of REST_ROUTES) expect(procedureShape(route.procedure).type).not.toBe('subscription');
  });

  it('refuses a path that names no procedure', () => {
    expect(() => procedureShape('members.nothing' as 'members.get')).toThrow(/no procedure/);
  });
});
