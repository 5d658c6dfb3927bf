/** The token's shape, parsing and hashing, and the allowlist ranges keys are checked against. */
import { describe, expect, it } from 'vitest';
import { addressInRanges, normalizeCidr } from '../net/addressRange';
import { effectiveGrants } from './authenticate';
import { formatToken, hashesEqual, hashSecret, newLookup, newSecret, parseToken } from './token';

describe('API key tokens', () => {
  it('round-trips a new token and refuses anything shaped otherwise', () => {
    const lookup = newLookup();
    const secret = newSecret();
    expect(lookup).toMatch(/^[a-z2-7]{16}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseToken(formatToken(lookup, secret))).toEqual({ lookup, secret });
    for (const bad of [
      '',
      'atr_',
      `atr_${lookup}`,
      `xyz_${lookup}_${secret}`,
      `atr_${lookup}_${secret}x`,
      ` atr_${lookup}_${secret}`,
    ]) {
      expect(parseToken(bad)).toBeNull();
    }
  });

  it('compares hashes whole and treats a missing one as no match', () => {
    const hash = hashSecret('s');
    expect(hash).toHaveLength(32);
    expect(hashesEqual(hash, hashSecret('s'))).toBe(true);
    expect(hashesEqual(hash, hashSecret('t'))).toBe(false);
    expect(hashesEqual(hash, null)).toBe(false);
    expect(hashesEqual(hash, hash.subarray(0, 16))).toBe(false);
  });

  it('keeps the scopes the creator holds, with the creator’s conditions on them', () => {
    const grants = effectiveGrants(['users:read', 'roles:manage', 'not:a-permission'], {
      permissions: ['users:read', 'audit:read'],
      conditions: { 'users:read': ['env.hour < 18'], 'audit:read': ['x'] },
    });
    expect(grants).toEqual({ permissions: ['users:read'], conditions: { 'users:read': ['env.hour < 18'] } });
  });
});

describe('allowlist ranges', () => {
  it('normalizes CIDRs and bare addresses, refusing everything else', () => {
    expect(normalizeCidr(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
    expect(normalizeCidr('192.0.2.7')).toBe('192.0.2.7/32');
    expect(normalizeCidr('2001:DB8::/32')).toBe('2001:db8::/32');
    for (const bad of [
      '10.0.0.0/33',
      'example.com',
      '10.0.0',
      '10.0.0/8',
      '0xa.0.0.1',
      '10.0.0.0/8/8',
      '10.0.0.0/',
      '',
      '::/129',
    ])
      expect(normalizeCidr(bad)).toBeNull();
  });

  it('matches addresses by family, IPv4-mapped IPv6 as IPv4', () => {
    const ranges = ['10.0.0.0/8', '2001:db8::/32'];
    expect(addressInRanges('10.9.8.7', ranges)).toBe(true);
    expect(addressInRanges('::ffff:10.9.8.7', ranges)).toBe(true);
    expect(addressInRanges('2001:db8::5', ranges)).toBe(true);
    expect(addressInRanges('11.0.0.1', ranges)).toBe(false);
    expect(addressInRanges('not an ip', ranges)).toBe(false);
  });
});
