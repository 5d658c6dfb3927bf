/**
 * A real HTTP receiver on loopback for the push tests (integration and e2e): records every
 * request with its headers and body, answers with whatever status the test sets, and checks the
 * Atrium-Signature the way a customer's receiver would. Only imported by tests.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyPushSignature, type SignatureCheck } from './signature';

export type ReceivedPush = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  lines: Record<string, unknown>[];
};

export type TestReceiver = {
  url: (path?: string) => string;
  received: ReceivedPush[];
  /** The status the next requests get (200 by default). */
  respondWith(status: number, body?: string): void;
  verify(push: ReceivedPush, secret: string): SignatureCheck;
  close(): Promise<void>;
};

export async function startTestReceiver(): Promise<TestReceiver> {
  const received: ReceivedPush[] = [];
  let status = 200;
  let answer = 'ok';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const lines = body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      received.push({ path: req.url ?? '/', headers: req.headers, body, lines });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/audit') => `http://127.0.0.1:${port}${path}`,
    received,
    respondWith(next, body = next < 300 ? 'ok' : 'receiver is down') {
      status = next;
      answer = body;
    },
    verify: (push, secret) => verifyPushSignature(secret, push.headers['atrium-signature'] as string, push.body),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
