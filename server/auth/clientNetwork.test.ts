import { describe, expect, it } from 'vitest';
import { clientNetwork, UNKNOWN_NETWORK } from './clientNetwork';

describe('clientNetwork', () => {
  it('counts an IPv4 address as itself, also when it arrives IPv4-mapped', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address of one /64 as that /64', () => {
    const network = clientNetwork('2001:db8:1:2::1');
    expect(network).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:abcd:1234:5678')).toBe(network);
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(network);
  });

  it('keeps what it cannot parse apart from real addresses, and names a missing one', () => {
    expect(clientNetwork(null)).toBe(UNKNOWN_NETWORK);
    expect(clientNetwork('')).toBe(UNKNOWN_NETWORK);
    expect(clientNetwork('not-an-ip')).toBe('not-an-ip');
  });
});
