import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errorCodeOf, isAppError } from './errors';

/** What the Remix server build sees: AppError from the other copy of this module. */
class OtherCopyOfAppError extends TRPCError {
  readonly appCode = 'FORBIDDEN';
  readonly details = { permission: 'audit:read' };
  constructor() {
    super({ code: 'FORBIDDEN', message: 'You do not have permission to do this (audit:read)' });
    this.name = 'AppError';
  }
}

describe('AppError', () => {
  it('takes its tRPC code and, for a catalogue-worded code, its message from the catalogue', () => {
    const error = new AppError('ORG_NOT_FOUND');
    expect({ code: error.code, appCode: error.appCode, message: error.message, details: error.details }).toEqual({
      code: 'NOT_FOUND',
      appCode: 'ORG_NOT_FOUND',
      message: 'Organization not found',
      details: undefined,
    });
  });

  it('keeps details given with a catalogue-worded code, and a message written at the throw site', () => {
    expect(new AppError('LAST_OWNER', { field: 'roleIds' }).details).toEqual({ field: 'roleIds' });
    const stale = new AppError('STALE_VERSION', 'Someone else changed this role', { field: 'version' });
    expect({ code: stale.code, message: stale.message, details: stale.details }).toEqual({
      code: 'CONFLICT',
      message: 'Someone else changed this role',
      details: { field: 'version' },
    });
  });
});

describe('isAppError', () => {
  it('recognises an AppError of this module', () => {
    expect(isAppError(new AppError('ORG_NOT_FOUND'))).toBe(true);
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

describe('errorCodeOf', () => {
  it('is the domain code, INVALID_INPUT for input zod refused, and null otherwise', () => {
    expect(errorCodeOf(new AppError('SLUG_TAKEN'))).toBe('SLUG_TAKEN');
    const invalid = z.string().safeParse(1);
    expect(errorCodeOf(new TRPCError({ code: 'BAD_REQUEST', cause: invalid.error }))).toBe('INVALID_INPUT');
    expect(errorCodeOf(new TRPCError({ code: 'BAD_REQUEST' }))).toBeNull();
    expect(errorCodeOf(new Error('boom'))).toBeNull();
  });
});
