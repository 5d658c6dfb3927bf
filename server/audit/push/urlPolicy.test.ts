import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { deliverPush } from './deliver';
import { checkPushUrl, guardedLookup, isBlockedAddress } from './urlPolicy';

const strict = { allowInsecure: false };
const insecure = { allowInsecure: true };

describe('push URL policy (SSRF guard)', () => {
  it('accepts public https URLs only', () => {
    expect(checkPushUrl('https://siem.example.com/atrium?x=1', strict)).toBeNull();
    expect(checkPushUrl('https://93.184.216.34/in', strict)).toBeNull();
    expect(checkPushUrl('http://siem.example.com/', strict)).toMatch(/https/);
    expect(checkPushUrl('ftp://siem.example.com/', strict)).toMatch(/https/);
    expect(checkPushUrl('not a url', strict)).toMatch(/full URL/);
    expect(checkPushUrl('https://user:pw@siem.example.com/', strict)).toMatch(/password/);
    expect(checkPushUrl(`https://example.com/${'a'.repeat(2050)}`, strict)).toMatch(/2048/);
  });

  it.each([
    'https://127.0.0.1/',
    'https://localhost/',
    'https://api.localhost/',
    'https://10.1.2.3/',
    'https://172.20.0.1/',
    'https://192.168.1.10/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://metadata.google.internal/',
    'https://intranet/',
  ])('refuses %s', (url) => {
    expect(checkPushUrl(url, strict)).toMatch(/public address/);
  });

  it('classifies addresses', () => {
    for (const ip of ['8.8.8.8', '93.184.216.34', '2606:4700::1111']) expect(isBlockedAddress(ip)).toBe(false);
    for (const ip of ['127.0.0.1', '169.254.169.254', '::1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', 'nonsense']) {
      expect(isBlockedAddress(ip)).toBe(true);
    }
  });

  it('allows http and loopback only when insecure URLs are switched on', () => {
    expect(checkPushUrl('http://127.0.0.1:4000/in', insecure)).toBeNull();
    expect(checkPushUrl('ftp://127.0.0.1/', insecure)).toMatch(/https/);
  });

  it('refuses at send time a name that resolves to a blocked address', async () => {
    const resolved = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup(strict)('localhost', {}, (error, address) => resolve({ error, address })),
    );
    expect(resolved.error?.message).toMatch(/localhost resolves to a private, loopback or link-local address/);
    const allowed = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup(insecure)('localhost', { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(allowed.error).toBeNull();
    expect((allowed.address as LookupAddress[]).length).toBeGreaterThan(0);
  });

  it('sends nothing to a blocked address, whatever was saved', async () => {
    const delivery = await deliverPush({
      url: 'http://127.0.0.1:9/in',
      secret: 'apsk_x',
      body: '',
      eventCount: 0,
      policy: strict,
    });
    expect(delivery).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^Refused/) });
  });
});
