/**
 * The open WebSockets of this node by the session they were opened with, closed with
 * SIGNED_OUT_CLOSE_CODE as soon as that session ends: on the announcement every node hears on
 * SESSION_ENDED_CHANNEL (server/auth/sessionEnded.ts), or when the live-session check finds it
 * ended (a message refused, or the periodic sweep). The sweep re-checks every session held here
 * each `sweepMs`, so an idle socket with live subscriptions ends too when its session expires or
 * its announcement was lost. The browser's reconnect then fails (no session) and the page re-runs
 * its loaders, which send it to the sign-in page. Another session of the same person — another
 * browser — keeps its sockets.
 */
import type { WebSocket } from 'ws';
import type { HeldSession, LiveSessionCheck } from '../auth/liveSessionCheck';
import {
  onSessionsEndedHere,
  parseEndedSessions,
  SESSION_ENDED_CHANNEL,
  SIGNED_OUT_CLOSE_CODE,
  type EndedSessions,
} from '../auth/sessionEnded';
import { logger } from '../logger';
import { getBus, type Bus } from '../realtime/bus';

export const SOCKET_SESSION_SWEEP_MS = 15_000;

export type SocketSessions = {
  /** Remembers the socket under its session until it closes. */
  track(session: HeldSession, socket: WebSocket): void;
  /** Sockets currently held for a user on this node. */
  count(userId: string): number;
  close(): Promise<void>;
};

export type SocketSessionsOptions = { check: LiveSessionCheck; bus?: Bus; sweepMs?: number };

export function trackSocketSessions(options: SocketSessionsOptions): SocketSessions {
  const { check } = options;
  const bus = options.bus ?? getBus();
  const bySession = new Map<string, { userId: string; sockets: Set<WebSocket> }>();
  const sessionsByUser = new Map<string, Set<string>>();

  const recheck = (session: HeldSession) =>
    check.isLive(session).catch((error: unknown) => {
      logger.warn({ err: error, userId: session.userId }, 'could not re-check a socket session');
      return true;
    });

  const stopListening = check.onEnded((sessionId) => {
    const held = bySession.get(sessionId);
    if (!held) return;
    for (const socket of held.sockets) socket.close(SIGNED_OUT_CLOSE_CODE, 'Signed out');
    logger.info({ userId: held.userId, sockets: held.sockets.size }, 'closed the sockets of an ended session');
  });

  const endSockets = (ended: EndedSessions) => {
    if ('sessionIds' in ended) return check.ended(ended.sessionIds);
    check.endedForUser(ended.userId);
    for (const sessionId of sessionsByUser.get(ended.userId) ?? []) {
      void recheck({ sessionId, userId: ended.userId });
    }
  };
  const stopHearingHere = onSessionsEndedHere(endSockets);
  const subscribed = bus
    .subscribe(SESSION_ENDED_CHANNEL, (message) => {
      const ended = parseEndedSessions(message);
      if (ended) endSockets(ended);
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'could not subscribe to the session-ended channel');
      return () => undefined;
    });

  let isSweeping = false;
  const sweep = setInterval(() => {
    if (isSweeping) return;
    isSweeping = true;
    void (async () => {
      for (const [sessionId, { userId }] of [...bySession]) await recheck({ sessionId, userId });
    })().finally(() => (isSweeping = false));
  }, options.sweepMs ?? SOCKET_SESSION_SWEEP_MS);
  sweep.unref();

  const forget = (session: HeldSession, socket: WebSocket) => {
    const held = bySession.get(session.sessionId);
    held?.sockets.delete(socket);
    if (held?.sockets.size !== 0) return;
    bySession.delete(session.sessionId);
    const ofUser = sessionsByUser.get(session.userId);
    ofUser?.delete(session.sessionId);
    if (ofUser?.size === 0) sessionsByUser.delete(session.userId);
  };

  return {
    track(session, socket) {
      const userId = session.userId.toLowerCase();
      let held = bySession.get(session.sessionId);
      if (!held) bySession.set(session.sessionId, (held = { userId, sockets: new Set() }));
      held.sockets.add(socket);
      let ofUser = sessionsByUser.get(userId);
      if (!ofUser) sessionsByUser.set(userId, (ofUser = new Set()));
      ofUser.add(session.sessionId);
      socket.once('close', () => forget({ sessionId: session.sessionId, userId }, socket));
      // Closes at once a socket whose session ended between its upgrade and now; warms the check.
      void recheck({ sessionId: session.sessionId, userId });
    },
    count(userId) {
      let sockets = 0;
      for (const sessionId of sessionsByUser.get(userId.toLowerCase()) ?? []) {
        sockets += bySession.get(sessionId)?.sockets.size ?? 0;
      }
      return sockets;
    },
    async close() {
      clearInterval(sweep);
      stopListening();
      stopHearingHere();
      (await subscribed)();
      bySession.clear();
      sessionsByUser.clear();
    },
  };
}
