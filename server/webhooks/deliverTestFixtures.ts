/**
 * Test fixtures for webhook delivery: endpoints written the way the management service stores
 * them (secret sealed in its seal context), and a real receiver on loopback that records every
 * request and answers as the test says — a status, holding the request, or not listening at all.
 * Only imported by tests.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { webhookEndpoints } from '../../db/schema';
import { seal } from '../crypto/secretBox';
import { env } from '../env';
import { withTenant } from '../tenancy/withTenant';
import { endpointSecretSealContext } from './secretSeal';

const SYSTEM = { type: 'system', name: 'webhook-tests' } as const;

export function newTestSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export type TestEndpoint = { id: string; secret: string };

export async function createTestEndpoint(
  orgId: string,
  input: {
    url: string;
    eventTypes?: string[];
    isEnabled?: boolean;
    previous?: { secret: string; expiresAt: Date };
    failingSince?: Date;
  },
): Promise<TestEndpoint> {
  const id = crypto.randomUUID();
  const secret = newTestSecret();
  const context = endpointSecretSealContext(orgId, id);
  await withTenant(orgId, SYSTEM, (tx) =>
    tx.insert(webhookEndpoints).values({
      orgId,
      id,
      url: input.url,
      eventTypes: input.eventTypes ?? ['*'],
      isEnabled: input.isEnabled ?? true,
      sealedSecret: seal(env.encryptionKey, secret, context),
      sealedPreviousSecret: input.previous ? seal(env.encryptionKey, input.previous.secret, context) : null,
      previousSecretExpiresAt: input.previous?.expiresAt ?? null,
      failingSince: input.failingSince ?? null,
    }),
  );
  return { id, secret };
}

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

/** What the receiver does with a request: answer with a status (at once or after a while), or hold it (never answer). */
export type ReceiverAnswer = number | { status: number; afterMs: number } | 'hold';

export type WebhookReceiver = {
  url(path: string): string;
  received: ReceivedWebhook[];
  /** Requests to `path`. */
  to(path: string): ReceivedWebhook[];
  /** Decides the answer of each request (200 unless set). */
  answerWith(decide: (request: ReceivedWebhook) => ReceiverAnswer): void;
  /** Stops listening (connections are refused) until `start`, on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

/** Verifies a received webhook with the Standard Webhooks reference implementation; the payload or an error. */
export function verifyWith(secret: string, request: ReceivedWebhook): unknown {
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name])]),
  );
  return new Webhook(secret).verify(request.body, headers);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  let decide: (request: ReceivedWebhook) => ReceiverAnswer = () => 200;
  let server: Server | null = null;
  let port = 0;

  const listen = async () => {
    const next = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        };
        received.push(request);
        const answer = decide(request);
        if (answer === 'hold') return void held.push(res);
        const status = typeof answer === 'number' ? answer : answer.status;
        const respond = () =>
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `answer ${status}`);
        if (typeof answer === 'number') respond();
        else setTimeout(respond, answer.afterMs);
      });
    });
    await new Promise<void>((resolve) => next.listen(port, '127.0.0.1', resolve));
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = null;
    for (const res of held.splice(0)) res.destroy();
    if (!current) return;
    current.closeAllConnections();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await listen();
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    to: (path) => received.filter((request) => request.path === path),
    answerWith(next) {
      decide = next;
    },
    stop,
    start: listen,
    close: stop,
  };
}
