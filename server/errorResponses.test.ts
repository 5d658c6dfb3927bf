import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpStatusOf, scimErrorBody } from './errorResponses';
import { AppError } from './errors';

describe('httpStatusOf', () => {
  it('answers a domain code with its catalogue status', () => {
    expect(httpStatusOf(new AppError('LAST_OWNER'))).toBe(409);
    expect(httpStatusOf(new AppError('PUSH_NOT_CONFIGURED'))).toBe(412);
    expect(httpStatusOf(new AppError('LOGO_TOO_LARGE', 'Too large'))).toBe(413);
    expect(httpStatusOf(new AppError('RATE_LIMITED', 'Try again in 5 minutes'))).toBe(429);
  });

  it('answers input zod refused with 400, a bare TRPCError by its code, anything else with 500', () => {
    const invalid = z.string().safeParse(1);
    expect(httpStatusOf(new TRPCError({ code: 'BAD_REQUEST', cause: invalid.error }))).toBe(400);
    expect(httpStatusOf(new TRPCError({ code: 'METHOD_NOT_SUPPORTED' }))).toBe(405);
    expect(httpStatusOf(new Error('boom'))).toBe(500);
  });
});

describe('scimErrorBody', () => {
  it('answers a taken name as RFC 7644 §3.12 says: status as a string, scimType uniqueness', () => {
    expect(scimErrorBody(new AppError('NAME_TAKEN', 'A team named “Ops” already exists'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'A team named “Ops” already exists',
    });
  });

  it('leaves scimType out when SCIM has none for the code', () => {
    expect(scimErrorBody(new AppError('LAST_OWNER'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      detail: 'An organization needs at least one active Owner; make someone else Owner first',
    });
  });
});
