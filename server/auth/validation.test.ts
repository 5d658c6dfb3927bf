import { describe, expect, it } from 'vitest';
import { retryMessage } from './rateLimit';
import { safeRedirectPath, ZEmail, ZNewPassword } from './validation';

describe('safeRedirectPath', () => {
  it.each([
    ['/account', '/account'],
    ['/o/acme/members?page=2#top', '/o/acme/members?page=2#top'],
    ['/o/acme/../../account', '/account'],
  ])('follows the same-site path %s', (value, expected) => {
    expect(safeRedirectPath(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'account',
    ' /account',
    '/\taccount',
    '/account\n',
    '',
    null,
    undefined,
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (value) => {
    expect(safeRedirectPath(value)).toBeNull();
  });
});

describe('input rules', () => {
  it('normalises email addresses to trimmed lower case', () => {
    expect(ZEmail.parse('  Ada@Example.TEST ')).toBe('ada@example.test');
    expect(ZEmail.safeParse('ada@').success).toBe(false);
  });

  it('accepts passwords of 10 to 128 characters, spaces and all', () => {
    expect(ZNewPassword.safeParse('123456789').success).toBe(false);
    expect(ZNewPassword.safeParse('1234567890').success).toBe(true);
    expect(ZNewPassword.safeParse(' '.repeat(10)).success).toBe(true);
    expect(ZNewPassword.safeParse('x'.repeat(128)).success).toBe(true);
    expect(ZNewPassword.safeParse('x'.repeat(129)).success).toBe(false);
  });
});

describe('retryMessage', () => {
  it('rounds up to whole minutes and never says zero', () => {
    expect(retryMessage(900)).toBe('Too many attempts, try again in 15 minutes');
    expect(retryMessage(61)).toBe('Too many attempts, try again in 2 minutes');
    expect(retryMessage(60)).toBe('Too many attempts, try again in 1 minute');
    expect(retryMessage(0)).toBe('Too many attempts, try again in 1 minute');
  });
});
