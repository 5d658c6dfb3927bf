import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../server/errors';
import { errorCodeOf, errorDetailsOf } from './errors';

describe('errorCodeOf', () => {
  it('reads the domain code of an AppError, also when another error wraps it', () => {
    expect(errorCodeOf(new AppError('LOGO_SVG_REFUSED', 'No SVG'))).toBe('LOGO_SVG_REFUSED');
    expect(errorCodeOf(new Error('wrapped', { cause: new AppError('MEMBER_NOT_FOUND') }))).toBe('MEMBER_NOT_FOUND');
  });

  it('is INVALID_INPUT when zod refused the input, and null for any other error', () => {
    const invalid = z.string().safeParse(1);
    expect(errorCodeOf(new TRPCError({ code: 'BAD_REQUEST', cause: invalid.error }))).toBe('INVALID_INPUT');
    expect(errorCodeOf(new TRPCError({ code: 'NOT_FOUND', message: 'Member not found' }))).toBeNull();
    expect(errorCodeOf(new Error('boom'))).toBeNull();
  });
});

describe('errorDetailsOf', () => {
  it("reads a refusal's safe details, also when another error wraps it, and {} otherwise", () => {
    const stale = new AppError('STALE_VERSION', 'Someone else changed this team', { field: 'version' });
    expect(errorDetailsOf(new Error('wrapped', { cause: stale }))).toEqual({ field: 'version' });
    expect(errorDetailsOf(new AppError('LAST_OWNER'))).toEqual({});
    expect(errorDetailsOf(new Error('boom'))).toEqual({});
  });
});
