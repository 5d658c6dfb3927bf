import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPush } from './deliver';
import { checkPushUrl } from './urlPolicy';

const strict = { allowPrivate: false };
const privateAllowed = { allowPrivate: true };

describe('push URL policy', () => {
  it('accepts public https URLs only, within the length and without a fragment', () => {
    expect(checkPushUrl('https://siem.example.com/atrium?x=1', strict)).toBeNull();
    expect(checkPushUrl('https://93.184.216.34/in', strict)).toBeNull();
    expect(checkPushUrl('http://siem.example.com/', strict)).toMatch(/https/);
    expect(checkPushUrl('https://user:pw@siem.example.com/', strict)).toMatch(/password/);
    expect(checkPushUrl('https://siem.example.com/#x', strict)).toMatch(/fragment/);
    expect(checkPushUrl(`https://example.com/${'a'.repeat(2050)}`, strict)).toMatch(/2048/);
  });

  it.each(['https://[::7f00:1]/', 'https://[::ffff:0:7f00:1]/', 'https://[64:ff9b:1::7f00:1]/', 'https://localhost./'])(
    'refuses %s when saved',
    (url) => {
      expect(checkPushUrl(url, strict)).toMatch(/public address/);
    },
  );

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

describe('push delivery through redirects', () => {
  let server: http.Server;
  let base: string;
  const hits: string[] = [];
  let redirectTo = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        if (req.url === '/moved') res.writeHead(307, { Location: redirectTo }).end();
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const push = (extra: Partial<Parameters<typeof deliverPush>[0]> = {}) =>
    deliverPush({
      url: `${base}/moved`,
      secret: 'apsk_x',
      body: '{}\n',
      eventCount: 1,
      policy: privateAllowed,
      ...extra,
    });

  it('follows a 307 to an allowed receiver', async () => {
    redirectTo = '/landed';
    expect(await push()).toEqual({ ok: true, status: 200 });
    expect(hits.slice(-2)).toEqual(['/moved', '/landed']);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://100.64.0.1/in', 'http://[64:ff9b::7f00:1]/in'])(
    'refuses a redirect to %s',
    async (target) => {
      redirectTo = target;
      expect(await push()).toEqual({
        ok: false,
        status: 307,
        error: expect.stringMatching(/^Refused: Redirect to .* public address/),
      });
    },
  );

  it('refuses a redirect to a name that resolves to a link-local address when connecting', async () => {
    redirectTo = `http://rebound.example.com:${new URL(base).port}/landed`;
    const before = hits.length;
    const resolve = () => Promise.resolve<LookupAddress[]>([{ address: '169.254.10.5', family: 4 }]);
    expect(await push({ resolve })).toEqual({
      ok: false,
      status: null,
      error: 'Refused: rebound.example.com resolves to a private, loopback or link-local address',
    });
    expect(hits.length).toBe(before + 1);
  });
});
