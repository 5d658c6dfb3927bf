/**
 * Redis connections: one shared command client per process; subscribers are created per use.
 *
 * Several installs may share one Redis DB, so everything this install puts there starts with
 * REDIS_PREFIX (server/installNames.ts): keys through the clients' `keyPrefix`, which ioredis
 * applies to every key argument (KEYS of scripts and transactions included); channels through
 * channelName(), because ioredis leaves PUBLISH/SUBSCRIBE channel names untouched; Bull queues
 * through its own `prefix` (server/jobs/queues.ts).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { env } from './env';
import { logger } from './logger';

let commandClient: Redis | undefined;

/** A pub/sub channel of this install: the one way to name one. */
export function channelName(name: string): string {
  return `${env.redisPrefix}${name}`;
}

/** Whether a channel belongs to this install (the bus refuses any other). */
export function isOwnChannel(channel: string): boolean {
  return channel.startsWith(env.redisPrefix);
}

export function createRedis(options: RedisOptions = {}, url: string = env.REDIS_URL): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    keyPrefix: env.redisPrefix,
    ...options,
  });
  client.on('error', (error) => logger.debug({ err: error.message }, 'redis connection error'));
  return client;
}

export function getRedis(): Redis {
  commandClient ??= createRedis({ maxRetriesPerRequest: 2 });
  return commandClient;
}

export async function closeRedis(): Promise<void> {
  const client = commandClient;
  commandClient = undefined;
  await client?.quit().catch(() => client.disconnect());
}
