/** Redis connections: one shared command client per process; subscribers are created per use. */
import { Redis, type RedisOptions } from 'ioredis';
import { env } from './env';
import { logger } from './logger';

let commandClient: Redis | undefined;

export function createRedis(options: RedisOptions = {}, url: string = env.REDIS_URL): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
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
