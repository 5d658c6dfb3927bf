import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cidr;
}

function inRange(range: string, address: string): boolean {
  const ip = parseIp(address);
  if (!ip) throw new Error(`bad test address ${address}`);
  return cidrContains(cidr(range), ip);
}

// A small deterministic generator, so a failure reproduces.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('parseIp', () => {
  const cases = [
    '0.0.0.0',
    '255.255.255.255',
    '10.0.0.1',
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '010.0.0.1',
    '1.2.3.-4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '1..3.4',
    '1.2.3.4/32',
    '::',
    '::1',
    '1::',
    '2001:db8::1',
    '2001:DB8:0:0:0:0:0:1',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '1::2::3',
    ':1::',
    '1:::2',
    '00001::',
    'g::1',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3.4:5',
    '[::1]',
    '',
    ':',
    '1.2.3.4:80',
    '::ffff:256.1.1.1',
    '1:2:3:4:5:6:7',
    'a:b:c:d:e:f:a:b',
  ];

  it.each(cases)('accepts %j exactly when node:net does', (text) => {
    expect(parseIp(text) !== null).toBe(isIPv4(text) || isIPv6(text));
  });

  it('refuses zone ids, which node:net would accept', () => {
    expect(isIPv6('fe80::1%eth0')).toBe(true);
    expect(parseIp('fe80::1%eth0')).toBeNull();
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(parseIp('::ffff:10.1.2.3')).toEqual(parseIp('10.1.2.3'));
    expect(parseIp('::ffff:a01:203')).toEqual(parseIp('10.1.2.3'));
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['0.0.0.0/0', true],
    ['192.168.1.7/32', true],
    ['192.168.1.7', true],
    ['2001:db8::/32', true],
    ['::/0', true],
    ['10.0.0.1/8', false],
    ['10.0.0.0/33', false],
    ['10.0.0.0/', false],
    ['10.0.0.0/08', false],
    ['10.0.0.0/-1', false],
    ['10.0.0.0/8/8', false],
    ['2001:db8::/129', false],
    ['2001:db8::1/32', false],
    ['10.0.0/8', false],
    ['localhost/8', false],
    ['', false],
  ] as const)('%j valid: %s', (text, valid) => {
    expect(parseCidr(text).ok).toBe(valid);
  });

  it('suggests the network when host bits are set', () => {
    expect(parseCidr('10.1.2.3/8')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('did you mean 10.0.0.0/8?'),
    });
    expect(parseCidr('2001:db8::1/32')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('did you mean 2001:db8::/32?'),
    });
  });
});

describe('cidrContains', () => {
  it('includes both ends of a range and nothing beyond', () => {
    expect(inRange('10.0.0.0/8', '10.0.0.0')).toBe(true);
    expect(inRange('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(inRange('10.0.0.0/8', '9.255.255.255')).toBe(false);
    expect(inRange('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(inRange('192.168.4.0/22', '192.168.7.255')).toBe(true);
    expect(inRange('192.168.4.0/22', '192.168.8.0')).toBe(false);
    expect(inRange('2001:db8::/32', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(inRange('2001:db8::/32', '2001:db9::')).toBe(false);
    expect(inRange('2001:db8::/31', '2001:db9::1')).toBe(true);
  });

  it('never matches across address families, except IPv4-mapped addresses against IPv4 ranges', () => {
    expect(inRange('0.0.0.0/0', '::1')).toBe(false);
    expect(inRange('::/0', '10.0.0.1')).toBe(false);
    expect(inRange('10.0.0.0/8', '::ffff:10.9.9.9')).toBe(true);
    expect(inRange('::ffff:10.0.0.0/104', '10.9.9.9')).toBe(true);
  });

  it('agrees with node:net BlockList on random ranges and addresses', () => {
    const random = prng(20260915);
    const byte = () => Math.floor(random() * 256);
    for (let i = 0; i < 2_000; i++) {
      const v6 = random() < 0.5;
      const length = v6 ? 16 : 4;
      const prefix = Math.floor(random() * (length * 8 + 1));
      const base = Array.from({ length }, byte);
      // Half the addresses share the network, so both answers are exercised.
      const address = base.map((b) => (random() < 0.5 ? b : byte()));
      const network = base.map((b, j) => b & ((0xff00 >> Math.max(0, Math.min(8, prefix - 8 * j))) & 0xff));
      const text = (bytes: number[]) =>
        v6
          ? Array.from({ length: 8 }, (_, j) => ((bytes[2 * j]! << 8) | bytes[2 * j + 1]!).toString(16)).join(':')
          : bytes.join('.');
      const list = new BlockList();
      list.addSubnet(text(network), prefix, v6 ? 'ipv6' : 'ipv4');
      const expected = list.check(text(address), v6 ? 'ipv6' : 'ipv4');
      expect(
        inRange(`${text(network)}/${prefix}`, text(address)),
        `${text(network)}/${prefix} ∋ ${text(address)}`,
      ).toBe(expected);
    }
  });
});
