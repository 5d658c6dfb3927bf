import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ZCreateApiKeyInput } from '../../../server/apiKeys/schemas';
import { AppError } from '../../../server/errors';
import { allowlistOf, apiKeyFailure, expiryOf, graceOf } from './apiKeyForm.server';

function formOf(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.set(name, value);
  return form;
}

describe('the API key form', () => {
  const now = new Date('2026-12-03T12:00:00Z');

  it('reads an expiry day as the end of that day (UTC), none as never, and refuses a past or malformed day', () => {
    expect(expiryOf('', now)).toBeNull();
    expect(expiryOf('2027-01-31', now)).toEqual(new Date('2027-01-31T23:59:59.999Z'));
    expect(expiryOf('2026-12-03', now)).toEqual(new Date('2026-12-03T23:59:59.999Z'));
    expect(expiryOf('2026-12-02', now)).toBe('invalid');
    expect(expiryOf('31/01/2027', now)).toBe('invalid');
    expect(expiryOf('2027-02-31', now)).toBe('invalid');
  });

  it('reads the allowlist one entry per line, ignoring blank lines and spaces', () => {
    expect(allowlistOf(' 10.0.0.0/8 \r\n\n2001:db8::1\n')).toEqual(['10.0.0.0/8', '2001:db8::1']);
    expect(allowlistOf('')).toEqual([]);
  });

  it('accepts only the offered grace choices, and no grace otherwise', () => {
    expect(graceOf(formOf({ graceHours: '24' }))).toBe(24);
    expect(graceOf(formOf({ graceHours: '168' }))).toBe(168);
    expect(graceOf(formOf({ graceHours: '9999' }))).toBe(0);
    expect(graceOf(formOf({}))).toBe(0);
  });

  it('puts schema errors next to their fields', () => {
    const invalid = ZCreateApiKeyInput.safeParse({ name: '', scopes: [], ipAllowlist: ['nope'] });
    expect(invalid.success).toBe(false);
    const failure = apiKeyFailure(new TRPCError({ code: 'BAD_REQUEST', cause: invalid.error }));
    expect(failure.status).toBe(400);
    expect(failure.fieldErrors.name).toEqual(['Give the key a name']);
    expect(failure.fieldErrors.scopes).toEqual(['Choose at least one scope']);
    expect(failure.fieldErrors.ipAllowlist).toEqual(['nope is not an IP address or CIDR range']);
    expect(failure.needsConfirmName).toBe(false);
  });

  it('puts a refusal that names its field next to that field, in the server’s words', () => {
    const notHeld = apiKeyFailure(
      new AppError('API_KEY_SCOPE_NOT_HELD', 'A key can only have permissions you hold yourself', { field: 'scopes' }),
    );
    expect(notHeld.fieldErrors.scopes).toEqual(['A key can only have permissions you hold yourself']);

    const confirm = apiKeyFailure(
      new AppError('API_KEY_CONFIRMATION_REQUIRED', 'Type its name to delete it', { field: 'confirmName' }),
    );
    expect(confirm.needsConfirmName).toBe(true);
    expect(confirm.message).toBe('Type its name to delete it');
  });

  it('answers a conflict (the key was revoked meanwhile) with 409', () => {
    expect(apiKeyFailure(new AppError('API_KEY_IS_REVOKED')).status).toBe(409);
  });
});
