/**
 * The caller Remix loaders and actions use: an unexpected error reaches the page as the generic
 * message with the request id, without its text or cause; a deliberate refusal passes through
 * unchanged so the page can show it. A probe router supplies both, since no real procedure is
 * supposed to fail unexpectedly.
 */
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createContext } from './context';
import { router } from './init';
import { publicProcedure } from './procedures';
import { createSafeCaller, hidingUnexpectedErrors } from './safeCaller';

const INTERNAL = 'Failed query: select secret_column from users where id = $1\nparams: 42';

const probeRouter = router({
  nested: router({
    boom: publicProcedure.query(() => {
      throw new Error(INTERNAL);
    }),
  }),
  refuse: publicProcedure.mutation(() => {
    throw new AppError('STALE_VERSION', 'Someone else saved this first', { field: 'name' });
  }),
  answer: publicProcedure.query(() => 42),
});

async function probeCaller(requestId: string) {
  const ctx = await createContext({ headers: { 'x-request-id': requestId }, ip: '127.0.0.1' });
  return hidingUnexpectedErrors(probeRouter.createCaller(ctx), ctx);
}

describe('the loaders’ caller', () => {
  it('turns an unexpected error into the generic message with the request id, and drops its cause', async () => {
    const caller = await probeCaller('req-loader-1');
    const error = await caller.nested.boom().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('INTERNAL_SERVER_ERROR');
    expect((error as TRPCError).message).toMatch(/^Something went wrong on our side.*req-loader-1/);
    expect((error as TRPCError).message).not.toContain('select');
    expect((error as TRPCError).cause).toBeUndefined();
  });

  it('passes a deliberate refusal through as it is, and results untouched', async () => {
    const caller = await probeCaller('req-loader-2');
    const error = await caller.refuse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('Someone else saved this first');
    expect((error as AppError).details).toEqual({ field: 'name' });
    expect(await caller.answer()).toBe(42);
  });

  it('is what the app router’s server-side caller is built on', async () => {
    const ctx = await createContext({ headers: {}, ip: '127.0.0.1' });
    const error = await createSafeCaller(ctx)
      .orgs.mine()
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('UNAUTHORIZED');
  });
});
