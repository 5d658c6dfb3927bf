/**
 * The webhook POST against real loopback servers: redirects are failures, not followed; only the
 * first 1 KB of an answer is kept (a huge answer is cut off, not streamed); a silent receiver
 * times out with a reason in words; a refused address is refused before any connection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './send';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '/');
    req.resume();
    req.on('end', () => {
      if (req.url === '/moved') return void res.writeHead(308, { location: '/target' }).end();
      if (req.url === '/huge') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        // Far more than the read limit: the sender stops reading and closes.
        const chunk = 'x'.repeat(16 * 1024);
        for (let i = 0; i < 64; i++) res.write(chunk);
        return void res.end();
      }
      if (req.url === '/silent') return;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const allowPrivate = { allowPrivate: true };
const send = (path: string, timeoutMs?: number) =>
  sendWebhook({ url: `${base}${path}`, body: '{}', headers: {}, policy: allowPrivate, timeoutMs });

describe('sendWebhook', () => {
  it('is a success on any 2xx', async () => {
    expect(await send('/ok')).toMatchObject({ status: 204, isSuccess: true, error: null });
  });

  it('does not follow a redirect', async () => {
    const result = await send('/moved');
    expect(result).toMatchObject({ status: 308, isSuccess: false, error: 'HTTP 308: redirects are not followed' });
    expect(hits).not.toContain('/target');
  });

  it('keeps at most 1 KB of the answer and stops reading a huge one', async () => {
    const result = await send('/huge');
    expect(result).toMatchObject({ status: 500, isSuccess: false, error: 'HTTP 500' });
    expect(result.excerpt).toBe('x'.repeat(1024));
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const result = await send('/silent', 300);
    expect(result).toMatchObject({ status: null, isSuccess: false, error: 'No response within 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('refuses a loopback receiver unless private targets are allowed, without connecting', async () => {
    const before = hits.length;
    const result = await sendWebhook({ url: `${base}/ok`, body: '{}', headers: {}, policy: { allowPrivate: false } });
    expect(result).toMatchObject({ status: null, isSuccess: false });
    expect(result.error).toMatch(/^Refused: /);
    expect(hits.length).toBe(before);
  });
});
