import { describe, expect, it } from 'vitest';
import { countryOf, isPrivateIp, normalizeIp } from './geo';

describe('countryOf', () => {
  it('finds the country of a public address in the offline database', () => {
    expect(countryOf('8.8.8.8')).toBe('US');
    expect(countryOf('::ffff:81.2.69.142')).toBe('GB');
  });

  it('answers unknown for private, loopback, missing and malformed addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.10',
      '172.20.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
      'nope',
      '',
      null,
    ]) {
      expect(countryOf(ip)).toBe('unknown');
    }
  });

  it('normalizes IPv4-mapped IPv6 and recognizes private ranges', () => {
    expect(normalizeIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(isPrivateIp('100.64.0.1')).toBe(true);
    expect(isPrivateIp('1.1.1.1')).toBe(false);
  });
});
