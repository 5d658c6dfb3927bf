import { describe, expect, it } from 'vitest';
import { isDomainName, isEmailDomainAllowed, splitDomainList, ZAllowedDomains } from './allowedDomains';

describe('allowed email domains', () => {
  it('accepts host names of two or more labels, punycode included', () => {
    for (const ok of ['acme.com', 'eu.acme.co.uk', 'xn--bcher-kva.example', 'a-b.io'])
      expect(isDomainName(ok), ok).toBe(true);
  });

  it('refuses single labels, IPs, schemes, ports, paths and bad hyphens', () => {
    for (const bad of [
      'localhost',
      '10.0.0.1',
      'http://acme.com',
      'acme.com:25',
      'acme.com/x',
      '-a.com',
      'a-.com',
      'a..com',
    ])
      expect(isDomainName(bad), bad).toBe(false);
  });

  it('normalizes a pasted list: lower case, no @ or trailing dot, de-duplicated and sorted', () => {
    expect(ZAllowedDomains.parse(splitDomainList('@Beta.com, alpha.com.\nbeta.com'))).toEqual([
      'alpha.com',
      'beta.com',
    ]);
  });

  it('allows any address with no domains, otherwise only exact domain matches', () => {
    expect(isEmailDomainAllowed('x@evil.test', [])).toBe(true);
    expect(isEmailDomainAllowed('x@ACME.com', ['acme.com'])).toBe(true);
    expect(isEmailDomainAllowed('x@eu.acme.com', ['acme.com'])).toBe(false);
  });
});
