/**
 * One process: HTTP (Remix + tRPC + health) and the WebSocket server on the same port, plus
 * the background workers (outbox relay, Bull processors). ATRIUM_ROLE=web|worker splits them.
 */
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { createServer } from 'node:http';
import { closeApiKeyUsage } from './apiKeys/usage';
import { closeActiveUsers } from './usage/activeUsers';
import { closeAppPool } from './database';
import { startWorkers } from '../jobs/worker';
import { env } from './env';
import { handleUnexpectedError } from './http/errorHandler';
import { closeQueues } from './jobs/queues';
import { enqueueRecordedJobs } from './jobs/recordedJobs';
import { healthHandler } from './http/health';
import { assignNonce, limitBody, securityHeaders } from './http/security';
import { createTrpcHttpMiddleware } from './http/trpcHttp';
import { attachWebSocketServer } from './http/websocket';
import { logger } from './logger';
import { closeBus } from './realtime/bus';
import { closePresenceHub } from './presence/hub';
import { startOutboxRelay } from './realtime/outboxRelay';
import { closeRedis } from './redis';
import { fanOutToWebhooks } from './webhooks/fanOut';
import { getLoadContext } from './remix/loadContext';
import { API_BASE_PATH } from './rest/openapi';
import { createRestRouter } from './rest/router';
import { createStripeWebhookRouter, STRIPE_WEBHOOK_PATH } from './billing/stripe/webhookRoute';

type Closer = { name: string; close: () => Promise<void> };
const closers: Closer[] = [];
const runsWeb = env.ATRIUM_ROLE !== 'worker';
const runsWorker = env.ATRIUM_ROLE !== 'web';

async function startWeb() {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // The REST API first: JSON for servers, with its own body limit and errors; no page CSP, no cookies.
  app.use(API_BASE_PATH, createRestRouter());
  app.use(STRIPE_WEBHOOK_PATH, createStripeWebhookRouter());
  app.use(assignNonce, securityHeaders, limitBody);
  app.get('/healthz', (req, res, next) => {
    healthHandler(req, res).catch(next);
  });
  app.use('/trpc', createTrpcHttpMiddleware());
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));
  const build = (await import(
    /* @vite-ignore */ new URL('../build/server/index.js', import.meta.url).href
  )) as ServerBuild;
  app.all('*', createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext }));
  app.use(handleUnexpectedError);

  const server = createServer(app);
  const ws = attachWebSocketServer(server);
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve));
  let drained: Promise<void> = Promise.resolve();
  closers.push({
    name: 'http',
    close: async () => {
      drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
    },
  });
  closers.push({ name: 'websocket', close: () => ws.close() });
  // After the sockets: their subscriptions have removed their tabs; this stops heartbeats and the hub's Redis.
  closers.push({ name: 'presence', close: () => closePresenceHub() });
  closers.push({ name: 'http drain', close: () => drained });
  // After the last request: its API key usage is counted, then written before the pool closes.
  closers.push({ name: 'api key usage', close: () => closeApiKeyUsage() });
  closers.push({ name: 'active users', close: () => closeActiveUsers() });
  logger.info({ port: env.PORT }, 'http listening');
  console.log(`\nAtrium is running at ${env.APP_URL}\n`);
}

async function startBackground() {
  const relay = startOutboxRelay({ enqueueJobs: enqueueRecordedJobs, onActivityRelayed: fanOutToWebhooks });
  closers.push({ name: 'outbox relay', close: () => relay.close() });
  const workers = await startWorkers();
  closers.push({ name: 'workers', close: () => workers.close() });
  logger.info({ role: env.ATRIUM_ROLE }, 'outbox relay and job workers started');
}

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  // Stop accepting first (HTTP, then sockets with a reconnect notice), then finish jobs.
  for (const closer of closers) {
    await closer.close().catch((error: unknown) => logger.error({ err: error, part: closer.name }, 'close failed'));
  }
  await closeBus();
  await closeQueues();
  await closeAppPool();
  await closeRedis();
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (runsWeb) await startWeb();
if (runsWorker) await startBackground();
