/**
 * One app node for multi-process tests (test/twoNodes.ts): the web half of server/index.ts —
 * security middleware, tRPC over HTTP at /trpc and the WebSocket endpoint on the same port —
 * plus, when ATRIUM_TEST_NODE_RELAY=1, the outbox relay. The Remix build is not needed for tRPC.
 * Configuration comes from the environment exactly as for the real server (DATABASE_URL,
 * REDIS_URL: the parent test worker's own). Prints `LISTENING <port>` once it accepts connections.
 */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAppPool } from '../server/database';
import { assignNonce, limitBody, securityHeaders } from '../server/http/security';
import { createTrpcHttpMiddleware } from '../server/http/trpcHttp';
import { attachWebSocketServer } from '../server/http/websocket';
import { closeBus } from '../server/realtime/bus';
import { startOutboxRelay } from '../server/realtime/outboxRelay';
import { closeRedis } from '../server/redis';

const app = express();
app.set('trust proxy', 'loopback');
app.use(assignNonce, securityHeaders, limitBody);
app.use('/trpc', createTrpcHttpMiddleware());
const server = createServer(app);
const webSockets = attachWebSocketServer(server);
const relay = process.env.ATRIUM_TEST_NODE_RELAY === '1' ? startOutboxRelay({ pollIntervalMs: 200 }) : null;

server.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
});

let isStopping = false;
process.on('SIGTERM', () => {
  if (isStopping) return;
  isStopping = true;
  void (async () => {
    await webSockets.close();
    server.closeAllConnections();
    await relay?.close();
    await closeBus();
    await closeRedis();
    await closeAppPool();
    process.exit(0);
  })();
});
