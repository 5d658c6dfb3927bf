/**
 * What the live (WebSocket / pub-sub) integration tests share: polling waits, and a real server
 * with the app's WebSocket endpoint and an outbox relay (which also hands recorded jobs to Bull), plus tRPC clients that carry a session
 * cookie the way a browser does.
 */
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import superjson from 'superjson';
import WebSocket from 'ws';
import { attachWebSocketServer } from '../server/http/websocket';
import { enqueueRecordedJobs } from '../server/jobs/recordedJobs';
import { closeBus } from '../server/realtime/bus';
import { channelFor, type Topic } from '../server/realtime/outbox';
import { startOutboxRelay } from '../server/realtime/outboxRelay';
import { closeRedis, getRedis } from '../server/redis';
import { fanOutToWebhooks } from '../server/webhooks/fanOut';
import type { AppRouter } from '../server/trpc/router';

/** Polls until `check` holds; generous so a loaded 2-core machine does not fail a passing test. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 12_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many Redis subscribers a channel has (from any process). */
export async function subscriberCount(orgId: string, topic: Topic): Promise<number> {
  const [, count] = (await getRedis().pubsub('NUMSUB', channelFor(orgId, topic))) as [string, number];
  return Number(count);
}

export type LiveServer = {
  /** A tRPC client over WebSocket that presents this session cookie at upgrade. */
  clientFor(cookie: string): ReturnType<typeof createTRPCClient<AppRouter>>;
  close(): Promise<void>;
};

export async function startLiveServer(): Promise<LiveServer> {
  const server = createServer();
  const webSockets = attachWebSocketServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  // As in server/index.ts: jobs recorded in the outbox reach their Bull queues.
  const relay = startOutboxRelay({
    pollIntervalMs: 100,
    enqueueJobs: enqueueRecordedJobs,
    onActivityRelayed: fanOutToWebhooks,
  });
  const clients: ReturnType<typeof createWSClient>[] = [];

  return {
    clientFor(cookie) {
      // Node's `ws` takes headers as a third argument; the browser sends the cookie by itself.
      class CookieWebSocket extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
      const wsClient = createWSClient({ url, WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket });
      clients.push(wsClient);
      return createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
    },
    async close() {
      for (const client of clients) await client.close();
      await webSockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.close();
      await closeBus();
      await closeRedis();
    },
  };
}
