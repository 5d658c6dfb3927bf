/**
 * The job scope rule (docs/decisions/004) at compile time and at run time: a payload schema must
 * name `orgId`, and a payload without a valid scope is refused whatever the job's schema says.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, JobScopeError, parseJobScope, ZAccountJobScope, ZTenantJobScope } from './define';

const ORG = '6f1c0c1e-3f0a-4c55-9d7c-2b1f7d1e0a11';
const USER = '0b9e4a57-58a3-4b8e-8f55-2f4f0c7b9d22';

describe('defineJob', () => {
  it('accepts tenant and account payload schemas', () => {
    const tenant = defineJob({
      name: 'tenantThing',
      payload: ZTenantJobScope.extend({ n: z.number() }),
    });
    const account = defineJob({ name: 'accountThing', payload: ZAccountJobScope });
    expect([tenant.version, tenant.attempts, tenant.backoffMs, account.concurrency]).toEqual([1, 5, 1_000, 5]);
  });

  it('does not compile a payload schema without orgId', () => {
    const job = defineJob({
      name: 'unscoped',
      // @ts-expect-error — the payload must extend ZTenantJobScope or ZAccountJobScope
      payload: z.object({ to: z.string() }),
    });
    expect(() => parseJobScope(job.name, { to: 'x' })).toThrow(JobScopeError);
  });

  it('refuses a job name that is not camelCase', () => {
    expect(() => defineJob({ name: 'send email', payload: ZTenantJobScope })).toThrow(/camelCase/);
  });
});

describe('parseJobScope', () => {
  it('reads a tenant scope and an account scope', () => {
    expect(parseJobScope('x', { orgId: ORG, extra: 1 })).toEqual({ orgId: ORG });
    expect(parseJobScope('x', { orgId: null, userId: USER })).toEqual({ orgId: null, userId: USER });
  });

  it.each([
    ['no orgId', { userId: USER }],
    ['orgId that is not a UUID', { orgId: 'acme' }],
    ['orgId null without a user', { orgId: null }],
    ['undefined orgId', { orgId: undefined, userId: USER }],
    ['not an object', 'hello'],
  ])('refuses %s', (_label, payload) => {
    expect(() => parseJobScope('sendEmail', payload)).toThrow(/Job "sendEmail" refused: its payload must carry orgId/);
  });
});
