/**
 * The WebSocket endpoint for tRPC subscriptions, on the same port as HTTP. The session cookie is
 * validated at upgrade: without a valid session (or from a foreign origin) the upgrade is refused
 * before a socket exists. The validated context is reused for the connection, with a way to ask
 * whether its session is still valid, which the procedure chain does before every message
 * (server/trpc/procedures.ts); when the session ends the socket is closed (./socketSessions.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { env } from '../env';
import { logger } from '../logger';
import { markLiveSocketContext, writePrebuilt } from '../realtime/liveFrames';
import { applyLiveWSSHandler, claimHandoffMarker } from '../realtime/trpcFrames';
import { guardSend } from '../realtime/wsInternals';
import { createLiveSessionCheck, type LiveSessionCheckOptions } from '../auth/liveSessionCheck';
import { trackSocketSessions } from './socketSessions';
import { createContext, type Context } from '../trpc/context';
import { appRouter } from '../trpc/router';

const appOrigin = new URL(env.APP_URL).origin;
const contexts = new WeakMap<IncomingMessage, Context>();

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Backpressure. `ws.send` never blocks: for a client that stops reading (a stalled tab, a dead
 * network) every frame would queue in this process without limit. Once a socket holds more than
 * this many unsent bytes it is dropped instead of sent to; the client reconnects and its
 * subscriptions resume from their last tracked event id, so it misses nothing. Memory per
 * connection stays under the bound plus one frame.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

function dropWhenBacklogged(ws: WebSocket, maxBufferedBytes: number): void {
  guardSend(ws, (send, data, options, cb) => {
    // A subscription handing its live tail to the fast path (server/realtime/trpcFrames.ts): not a frame.
    if (claimHandoffMarker(data, ws)) return;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > maxBufferedBytes) {
      logger.info({ bufferedAmount: ws.bufferedAmount }, 'websocket client fell behind; dropping it to resume later');
      ws.terminate();
      return;
    }
    // A live frame, built once per event, is written as it is when ws has nothing queued.
    if (writePrebuilt(ws, options)) return;
    send(data, options, cb);
  });
}

export type WebSocketServerOptions = {
  maxBufferedBytes?: number;
  /** The bounds of the per-message session check (tests shorten them). */
  sessionCheck?: Pick<LiveSessionCheckOptions, 'maxEntries' | 'maxAgeMs'>;
  /** How often every session held by a socket here is re-checked. */
  sessionSweepMs?: number;
};

export function attachWebSocketServer(server: Server, options: WebSocketServerOptions = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  // Registered before tRPC's own handler, so every frame it sends goes through the guard.
  wss.on('connection', (ws) => dropWhenBacklogged(ws, options.maxBufferedBytes ?? MAX_BUFFERED_BYTES));
  // Sockets by session, closed on every node when their session ends.
  const sessionCheck = createLiveSessionCheck(options.sessionCheck);
  const socketSessions = trackSocketSessions({ check: sessionCheck, sweepMs: options.sessionSweepMs });
  // tRPC's handler, with the encoder that hands live tails to pre-built frames.
  const handler = applyLiveWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req }) => {
      const ctx =
        contexts.get(req) ?? (await createContext({ headers: req.headers, ip: req.socket.remoteAddress ?? null }));
      const { session } = ctx;
      if (session) ctx.isSessionLive = () => sessionCheck.isLive(session);
      return markLiveSocketContext(ctx);
    },
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', appOrigin);
    if (url.pathname !== '/trpc') return refuse(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin && origin !== appOrigin) return refuse(socket, 403, 'Forbidden');
    createContext({ headers: req.headers, ip: req.socket.remoteAddress ?? null })
      .then((ctx) => {
        const { session } = ctx;
        if (!ctx.user || !session) return refuse(socket, 401, 'Unauthorized');
        contexts.set(req, ctx);
        wss.handleUpgrade(req, socket, head, (ws) => {
          socketSessions.track(session, ws);
          wss.emit('connection', ws, req);
        });
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'websocket upgrade failed');
        refuse(socket, 500, 'Internal Server Error');
      });
  });

  return {
    wss,
    /** Tells every client to reconnect (to another node), then closes the sockets. */
    async close(): Promise<void> {
      handler.broadcastReconnectNotification();
      await socketSessions.close();
      await new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1012, 'Server restarting');
        wss.close(() => resolve());
      });
    },
  };
}
