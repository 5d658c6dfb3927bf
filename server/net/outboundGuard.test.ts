import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from './addressRange';
import { checkOutboundUrl, outboundAgent, redirectTarget, type Resolver } from './outboundGuard';

const strict = { allowPrivate: false };
const privateAllowed = { allowPrivate: true };

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:a9fe:a9fe', 'ipv4Mapped'],
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['::7f00:1', 'ipv4Compatible'],
    // ipaddr.js reads the dotted compatible form as mapped; refused either way.
    ['::127.0.0.1', 'ipv4Mapped'],
    ['::ffff:0:7f00:1', 'rfc6145'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052'],
    ['64:ff9b:1::7f00:1', 'rfc6052'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2002:a9fe:a9fe::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo'],
    ['2001:0:7f00:1:0:0:0:1', 'teredo'],
    ['nonsense', 'invalid'],
    ['', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ range, isPublic: false });
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700::1111', '2a00:1450:4001:80b::200e'])(
    'lets the public address %s pass',
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ range: 'unicast', isPublic: true });
    },
  );
});

describe('outbound URL check', () => {
  it.each([
    'https://[::7f00:1]/',
    'https://[::ffff:0:7f00:1]/',
    'https://[64:ff9b:1::7f00:1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[2002:7f00:1::]/',
    'https://[2001:0:7f00:1::1]/',
    'https://[::1]/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://127.0.0.1/',
    'https://127.1/',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://127.0.0.1./',
    'https://10.1.2.3/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://localhost/',
    'https://localhost./',
    'https://LOCALHOST../',
    'https://api.localhost./',
    'https://metadata.google.internal./',
    'https://intranet/',
    'https://intranet./',
  ])('refuses %s', (url) => {
    expect(checkOutboundUrl(url, strict)).toMatch(/public address/);
  });

  it.each([
    'https://siem.example.com/atrium?x=1',
    'https://siem.example.com./in',
    'https://8.8.8.8/',
    'https://[2606:4700::1111]/',
  ])('accepts %s', (url) => {
    expect(checkOutboundUrl(url, strict)).toBeNull();
  });

  it('requires https and no credentials', () => {
    expect(checkOutboundUrl('http://siem.example.com/', strict)).toMatch(/https/);
    expect(checkOutboundUrl('ftp://siem.example.com/', strict)).toMatch(/https/);
    expect(checkOutboundUrl('https://user:pw@siem.example.com/', strict)).toMatch(/password/);
    expect(checkOutboundUrl('not a url', strict)).toMatch(/full URL/);
  });

  it('with private URLs allowed, admits http, loopback and private networks, never link-local or metadata', () => {
    for (const url of [
      'http://127.0.0.1:4000/in',
      'http://[::1]:4000/',
      'http://localhost:4000/',
      'http://10.0.0.1/',
      'http://192.168.1.20:8080/',
      'http://172.16.5.4/',
      'http://[fd00::1]/',
    ]) {
      expect(checkOutboundUrl(url, privateAllowed)).toBeNull();
    }
    for (const url of [
      'http://169.254.169.254/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
    ]) {
      expect(checkOutboundUrl(url, privateAllowed)).toMatch(/public address/);
    }
    expect(checkOutboundUrl('ftp://127.0.0.1/', privateAllowed)).toMatch(/https/);
  });
});

describe('redirects', () => {
  const from = new URL('https://siem.example.com/in');
  it.each([
    [200, undefined, { kind: 'none' }],
    [404, undefined, { kind: 'none' }],
    [307, '/other', { kind: 'follow', url: new URL('https://siem.example.com/other') }],
    [308, 'https://backup.example.com/in', { kind: 'follow', url: new URL('https://backup.example.com/in') }],
    [307, 'https://10.0.0.1/in', { kind: 'refuse', reason: expect.stringMatching(/public address/) }],
    [308, 'https://[64:ff9b::a9fe:a9fe]/', { kind: 'refuse', reason: expect.stringMatching(/public address/) }],
    [307, 'https://localhost./', { kind: 'refuse', reason: expect.stringMatching(/public address/) }],
    [307, 'http://siem.example.com/in', { kind: 'refuse', reason: expect.stringMatching(/https/) }],
    [302, 'https://siem.example.com/x', { kind: 'refuse', reason: expect.stringMatching(/307 and 308/) }],
    [307, undefined, { kind: 'refuse', reason: expect.stringMatching(/Location/) }],
  ] as const)('%i to %s', (status, location, decision) => {
    expect(redirectTarget(from, status, location, strict)).toEqual(decision);
  });
});

describe('connect-time check (DNS rebinding)', () => {
  let server: http.Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('reached'));
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const resolvingTo =
    (...addresses: string[]): Resolver =>
    () =>
      Promise.resolve(addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));

  function get(
    url: string,
    policy: typeof strict,
    resolve: Resolver,
  ): Promise<{ body?: string; error?: NodeJS.ErrnoException }> {
    const target = new URL(url);
    return new Promise((done) => {
      const req = http.get(target, { agent: outboundAgent(target, policy, resolve) }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => done({ body }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => done({ error }));
    });
  }

  it('connects to the address the resolver returned (the socket uses the checked addresses)', async () => {
    expect(await get(`http://receiver.example.com:${port}/`, privateAllowed, resolvingTo('127.0.0.1'))).toEqual({
      body: 'reached',
    });
  });

  it('refuses a name that passed the URL check but resolves to a private address at connect time', async () => {
    const before = connections;
    const url = `http://receiver.example.com:${port}/`;
    expect(checkOutboundUrl(url.replace('http:', 'https:'), strict)).toBeNull();
    for (const resolve of [
      resolvingTo('127.0.0.1'),
      resolvingTo('93.184.216.34', '10.0.0.7'),
      resolvingTo('::ffff:7f00:1'),
    ]) {
      const { error } = await get(url, strict, resolve);
      expect(error?.code).toBe('EOUTBOUNDREFUSED');
      expect(error?.message).toMatch(/resolves to a private, loopback or link-local address/);
    }
    // Even with private URLs allowed, link-local (the metadata address) is refused.
    expect((await get(url, privateAllowed, resolvingTo('169.254.169.254'))).error?.code).toBe('EOUTBOUNDREFUSED');
    expect(connections).toBe(before);
  });
});
