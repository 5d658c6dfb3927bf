/**
 * The Redis side of live fan-out: one subscriber connection per process, shared by every
 * subscription in it. Channels are ref-counted (the first local listener SUBSCRIBEs, the last one
 * leaving UNSUBSCRIBEs) and messages are handed to listeners exactly as published — serialized
 * once by the relay, never re-encoded here.
 *
 * Resubscribing after a reconnect is done here rather than by ioredis, so that `onReconnect`
 * fires only once Redis has confirmed the subscriptions again: a listener that then re-reads the
 * database from its last delivered id cannot miss an event published in between.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { createRedis, isOwnChannel } from '../redis';
import { logger } from '../logger';

export type MessageListener = (message: string) => void;
export type Unsubscribe = () => void;

export type Bus = {
  /**
   * Resolves once Redis has confirmed the subscription (immediately if the channel is already live).
   * Refuses a channel that does not start with this install's REDIS_PREFIX (see channelName()).
   */
  subscribe(channel: string, listener: MessageListener): Promise<Unsubscribe>;
  /** Called after the connection was lost and every channel is subscribed again. */
  onReconnect(listener: () => void): Unsubscribe;
  readonly isConnected: boolean;
  close(): Promise<void>;
};

export type BusOptions = { redisUrl?: string };

/** A Redis client on the given URL (default REDIS_URL) that logs connection errors instead of throwing them. */
export function connectRedis(redisUrl: string | undefined, options: RedisOptions): Redis {
  return createRedis(options, redisUrl);
}

/** QUIT when connected (lets pending replies arrive); otherwise stop reconnecting at once. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}

type ChannelState = { listeners: Set<MessageListener>; ready: Promise<unknown> };

export function createBus(options: BusOptions = {}): Bus {
  const redis = connectRedis(options.redisUrl, { autoResubscribe: false });
  const channels = new Map<string, ChannelState>();
  const reconnectListeners = new Set<() => void>();
  let hasBeenReady = false;
  let isConnected = false;

  redis.on('message', (channel: string, message: string) => {
    const state = channels.get(channel);
    if (!state) return;
    for (const listener of state.listeners) {
      try {
        listener(message);
      } catch (error) {
        logger.error({ err: error, channel }, 'bus listener failed');
      }
    }
  });

  redis.on('close', () => {
    isConnected = false;
  });

  redis.on('ready', () => {
    if (!hasBeenReady) {
      hasBeenReady = true;
      isConnected = true;
      return;
    }
    const names = [...channels.keys()];
    const resubscribed = names.length > 0 ? redis.subscribe(...names) : Promise.resolve();
    resubscribed.then(
      () => {
        isConnected = true;
        logger.info({ channels: names.length }, 'bus reconnected');
        for (const listener of reconnectListeners) listener();
      },
      // The connection dropped again; the next 'ready' retries.
      (error: unknown) => logger.debug({ err: error }, 'bus resubscribe failed'),
    );
  });

  return {
    get isConnected() {
      return isConnected;
    },

    async subscribe(channel, listener) {
      // A name not made by channelName() would be shared with every other install on this Redis.
      if (!isOwnChannel(channel)) throw new Error(`channel "${channel}" lies outside this install's REDIS_PREFIX`);
      let state = channels.get(channel);
      if (!state) {
        state = { listeners: new Set(), ready: redis.subscribe(channel) };
        channels.set(channel, state);
      }
      const current = state;
      current.listeners.add(listener);
      let isSubscribed = true;
      const unsubscribe = () => {
        if (!isSubscribed) return;
        isSubscribed = false;
        current.listeners.delete(listener);
        if (current.listeners.size > 0 || channels.get(channel) !== current) return;
        channels.delete(channel);
        redis.unsubscribe(channel).catch(() => undefined);
      };
      try {
        await current.ready;
      } catch (error) {
        unsubscribe();
        throw error;
      }
      return unsubscribe;
    },

    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },

    async close() {
      channels.clear();
      reconnectListeners.clear();
      await closeRedisClient(redis);
    },
  };
}

let processBus: Bus | undefined;

/** The process-wide bus on REDIS_URL. */
export function getBus(): Bus {
  processBus ??= createBus();
  return processBus;
}

export async function closeBus(): Promise<void> {
  const bus = processBus;
  processBus = undefined;
  await bus?.close();
}
