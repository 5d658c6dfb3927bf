import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from './redact';

describe('redact', () => {
  it('replaces the value of every key naming a secret, at any depth and whatever its type', () => {
    const input = {
      name: 'Ops',
      password: 'hunter2',
      newPassword: 'correct horse',
      token: 'tok_live_123',
      sessionToken: { raw: 'abc' },
      clientSecret: 's3cr3t',
      apiKey: 'ak_123',
      privateKey: '-----BEGIN PRIVATE KEY-----',
      tokenHash: 'deadbeef',
      nested: [{ webhookSecret: 'whsec_1', label: 'kept' }],
      authorization: 'Bearer x',
    };
    const out = redact(input) as Record<string, unknown>;
    expect(out).toEqual({
      name: 'Ops',
      password: REDACTED,
      newPassword: REDACTED,
      token: REDACTED,
      sessionToken: REDACTED,
      clientSecret: REDACTED,
      apiKey: REDACTED,
      privateKey: REDACTED,
      tokenHash: REDACTED,
      nested: [{ webhookSecret: REDACTED, label: 'kept' }],
      authorization: REDACTED,
    });
    const text = JSON.stringify(out);
    for (const secret of [
      'hunter2',
      'correct horse',
      'tok_live',
      'abc',
      's3cr3t',
      'ak_123',
      'PRIVATE',
      'deadbeef',
      'whsec',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps plain JSON and bounds what is not', () => {
    expect(redact({ a: 1, b: [true, null], c: new Date('2026-01-01T00:00:00Z'), d: undefined, e: () => 1 })).toEqual({
      a: 1,
      b: [true, null],
      c: '2026-01-01T00:00:00.000Z',
    });
    expect(redact('x'.repeat(3_000))).toHaveLength(2_001);
    expect(redact(Number.NaN)).toBeNull();
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 20; i++) node = node.next = {};
    expect(JSON.stringify(redact(deep))).toContain('[too deep]');
  });
});

describe('redact: text jsonb cannot store', () => {
  it('replaces NUL and unpaired surrogates, in values and keys, and keeps pairs', () => {
    expect(redact({ 'k\u0000': 'a\u0000b', lone: 'x\uD800y', low: '\uDC00', pair: '😀' })).toEqual({
      'k\uFFFD': 'a\uFFFDb',
      lone: 'x\uFFFDy',
      low: '\uFFFD',
      pair: '😀',
    });
  });

  it('does not leave half a pair when it cuts a long string', () => {
    const cut = redact('a'.repeat(1_999) + '😀😀') as string;
    expect(JSON.stringify(cut)).not.toMatch(/\\ud83d"/i);
    expect(cut.endsWith('\uFFFD…')).toBe(true);
  });
});
