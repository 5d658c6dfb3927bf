/**
 * Backpressure on the live feed: a client that stops reading cannot make the server buffer
 * without bound. The test pauses a subscriber's TCP socket (it stops reading; the kernel buffers
 * fill, then frames queue in the server's `ws`), writes events far larger in total than the bound,
 * and watches the server side of that connection: its unsent bytes never exceed the bound plus one
 * frame, and the server drops it. When the client reads again it reconnects by itself and resumes
 * from its last tracked event id — every event exactly once, in order.
 */
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import superjson from 'superjson';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/live';
import { attachWebSocketServer } from '../http/websocket';
import { closeBus } from '../realtime/bus';
import { recordEvent } from '../realtime/outbox';
import { startOutboxRelay } from '../realtime/outboxRelay';
import { guardSend, socketStream } from '../realtime/wsInternals';
import { closeRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import type { AppRouter } from '../trpc/router';
import { createTestOrg, writeActivity, type TestOrg } from './testFixtures';

const MAX_BUFFERED_BYTES = 64 * 1024;
const PADDING = 'x'.repeat(32 * 1024);
const EVENTS = 640; // ≈ 20 MB: more than loopback's socket buffers on both sides, and far past the bound
const PER_TRANSACTION = 40;

let org: TestOrg;
let server: ReturnType<typeof createServer>;
let webSockets: ReturnType<typeof attachWebSocketServer>;
let relay: ReturnType<typeof startOutboxRelay>;
let url: string;

beforeAll(async () => {
  server = createServer();
  webSockets = attachWebSocketServer(server, { maxBufferedBytes: MAX_BUFFERED_BYTES });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  relay = startOutboxRelay({ pollIntervalMs: 100 });
  org = await createTestOrg('backpressure');
});

afterAll(async () => {
  await webSockets.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await relay.close();
  await closeBus();
  await closeRedis();
});

describe('a stalled live subscriber', () => {
  it('is dropped once its server-side buffer passes the bound, then resumes without gap or duplicate', async () => {
    const sockets: WebSocket[] = [];
    const cookie = org.owner.cookie;
    class CookieWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
        sockets.push(this);
      }
    }
    const wsClient = createWSClient({
      url,
      WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 100,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
    const received: number[] = [];
    const errors: unknown[] = [];
    const start = await writeActivity(org.orgId, org.owner.userId, 'stall.start');
    const subscription = client.activity.live.subscribe(
      { orgSlug: org.slug, lastEventId: String(start.id) },
      { onData: (envelope) => received.push(envelope.data.id), onError: (error) => errors.push(error) },
    );
    try {
      const first = await writeActivity(org.orgId, org.owner.userId, 'stall.first');
      await waitFor(() => received.includes(first.id));
      expect(webSockets.wss.clients.size).toBe(1);
      const [serverSide] = [...webSockets.wss.clients];

      // The client stops reading: nothing more leaves its kernel receive buffer.
      const clientStream = socketStream(sockets[0]!)!;
      clientStream.pause();

      // Records the server-side backlog after every frame the server sends to this client.
      let maxBuffered = 0;
      guardSend(serverSide!, (send, data, options, cb) => {
        send(data, options, cb);
        maxBuffered = Math.max(maxBuffered, serverSide!.bufferedAmount);
      });
      const written: number[] = [first.id];
      for (let n = 0; n < EVENTS; n += PER_TRANSACTION) {
        const ids = await withTenant(org.orgId, { type: 'user', userId: org.owner.userId }, async (tx) => {
          const batch: number[] = [];
          for (let i = n; i < n + PER_TRANSACTION; i++) {
            await recordEvent(
              tx,
              {
                orgId: org.orgId,
                topic: 'activity',
                type: 'stall.flood',
                actorUserId: org.owner.userId,
                data: { n: i, padding: PADDING },
              },
              { onWritten: (id) => batch.push(id) },
            );
          }
          return batch;
        });
        written.push(...ids);
      }
      // The server gives up on the connection instead of queueing the rest.
      await waitFor(() => serverSide!.readyState === WebSocket.CLOSED, 30_000);

      // Bounded: never more than the limit plus the one frame that crossed it.
      expect(maxBuffered).toBeGreaterThan(MAX_BUFFERED_BYTES);
      expect(maxBuffered).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + PADDING.length + 1024);
      expect(received.length).toBeLessThan(written.length);

      // The client reads again: it drains what reached it, sees the drop, reconnects and resumes.
      clientStream.resume();
      await waitFor(() => received.includes(written.at(-1)!), 30_000);
      expect(sockets.length).toBeGreaterThanOrEqual(2);
      expect(received).toEqual(written);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
      await wsClient.close();
    }
  }, 90_000);
});
