import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, checkPassword, DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with argon2id at the configured cost and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('the dummy hash uses today’s parameters, so an unknown account costs the same as a real one', () => {
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(ARGON2_PARAMS.type).toBe(argon2.argon2id);
  });

  it('refuses when there is no stored hash, and treats a malformed hash as a mismatch', async () => {
    expect(await checkPassword(null, 'anything at all')).toBe(false);
    expect(await checkPassword('not-a-hash', 'anything at all')).toBe(false);
  });

  it('flags hashes made with weaker parameters for rehashing', async () => {
    const weak = await argon2.hash('old password', {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(needsRehash(weak)).toBe(true);
    expect(await checkPassword(weak, 'old password')).toBe(true);
  });
});
