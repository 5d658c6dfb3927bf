import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from './errors';

/** What the Remix server build sees: AppError from the other copy of this module. */
class OtherCopyOfAppError extends TRPCError {
  readonly appCode = 'FORBIDDEN';
  readonly details = { permission: 'audit:read' };
  constructor() {
    super({ code: 'FORBIDDEN', message: 'You do not have permission to do this (audit:read)' });
    this.name = 'AppError';
  }
}

describe('isAppError', () => {
  it('recognises an AppError of this module', () => {
    expect(isAppError(new AppError('NOT_FOUND', 'Organization not found'))).toBe(true);
  });

  it('recognises an AppError thrown by another copy of the module (the Remix build bundles its own)', () => {
    const error = new OtherCopyOfAppError();
    expect(isAppError(error)).toBe(true);
    expect(isAppError(error) && error.details).toEqual({ permission: 'audit:read' });
  });

  it('refuses other errors', () => {
    expect(isAppError(new TRPCError({ code: 'FORBIDDEN' }))).toBe(false);
    expect(isAppError(new Error('boom'))).toBe(false);
    expect(isAppError({ name: 'AppError', appCode: 'FORBIDDEN' })).toBe(false);
  });
});
