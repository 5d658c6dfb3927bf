import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal, SecretBoxError } from './secretBox';

const key = randomBytes(32);

describe('secretBox', () => {
  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = seal(key, 'whsec_plain-value', 'audit-push:org-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('whsec_plain-value');
    expect(open(key, sealed, 'audit-push:org-1')).toBe('whsec_plain-value');
    // A fresh IV every time: the same secret never seals to the same text.
    expect(seal(key, 'whsec_plain-value', 'audit-push:org-1')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = seal(key, 'a secret worth keeping', 'ctx');
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      const altered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part)).join('.');
      expect(() => open(key, altered, 'ctx')).toThrow(SecretBoxError);
    }
  });

  it('refuses another key, another context and malformed input', () => {
    const sealed = seal(key, 'secret', 'audit-push:org-1');
    expect(() => open(randomBytes(32), sealed, 'audit-push:org-1')).toThrow(SecretBoxError);
    expect(() => open(key, sealed, 'audit-push:org-2')).toThrow(SecretBoxError);
    expect(() => open(key, 'secret', 'ctx')).toThrow(SecretBoxError);
    expect(() => open(key, 'v2.a.b.c', 'ctx')).toThrow(SecretBoxError);
    expect(() => seal(randomBytes(16), 'x', 'ctx')).toThrow(SecretBoxError);
  });
});
