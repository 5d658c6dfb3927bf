/**
 * Closing a signed-out person's WebSockets on every app node. When deactivating or removing a
 * member ended their sessions, the service asks (after commit) for their open sockets to be
 * closed; every node's WebSocket server listens on one Redis channel and closes the sockets it
 * holds for that user with SIGNED_OUT_CLOSE_CODE. The browser's reconnect then fails (no session)
 * and the page re-runs its loaders, which send it to the sign-in page. Carries user ids only.
 */
import type { WebSocket } from 'ws';
import { logger } from '../logger';
import { getBus, type Bus } from '../realtime/bus';
import { channelName, getRedis } from '../redis';

export const SIGNOUT_CHANNEL = channelName('control:signout');
/** Application close code (4000–4999): the session behind this socket has ended. */
export const SIGNED_OUT_CLOSE_CODE = 4001;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function publishSignout(userId: string): Promise<void> {
  await getRedis().publish(SIGNOUT_CHANNEL, JSON.stringify({ userId }));
}

function userIdOf(message: string): string | null {
  try {
    const { userId } = JSON.parse(message) as { userId?: unknown };
    return typeof userId === 'string' && UUID.test(userId) ? userId.toLowerCase() : null;
  } catch {
    return null;
  }
}

export type UserSockets = {
  /** Remembers the socket under its user until it closes. */
  track(userId: string, socket: WebSocket): void;
  /** Sockets currently held for a user on this node. */
  count(userId: string): number;
  close(): Promise<void>;
};

/** The per-node registry of sockets by user, closing them when the signout channel names the user. */
export function trackUserSockets(bus: Bus = getBus()): UserSockets {
  const byUser = new Map<string, Set<WebSocket>>();
  const closeUser = (userId: string) => {
    const sockets = byUser.get(userId);
    if (!sockets) return;
    byUser.delete(userId);
    for (const socket of sockets) socket.close(SIGNED_OUT_CLOSE_CODE, 'Signed out');
    logger.info({ userId, sockets: sockets.size }, 'closed the sockets of a signed-out user');
  };
  const subscribed = bus
    .subscribe(SIGNOUT_CHANNEL, (message) => {
      const userId = userIdOf(message);
      if (userId) closeUser(userId);
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'could not subscribe to the signout channel');
      return () => undefined;
    });

  return {
    track(userId, socket) {
      const key = userId.toLowerCase();
      let sockets = byUser.get(key);
      if (!sockets) byUser.set(key, (sockets = new Set()));
      sockets.add(socket);
      socket.once('close', () => {
        const current = byUser.get(key);
        current?.delete(socket);
        if (current?.size === 0) byUser.delete(key);
      });
    },
    count(userId) {
      return byUser.get(userId.toLowerCase())?.size ?? 0;
    },
    async close() {
      (await subscribed)();
      byUser.clear();
    },
  };
}
