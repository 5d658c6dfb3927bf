/** GET /healthz: PostgreSQL and Redis status as JSON; 503 when either is down. */
import type { Request, Response } from 'express';
import { getAppPool } from '../database';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../db/unavailable';
import { getRedis } from '../redis';

async function probe(check: () => Promise<unknown>, timeoutMs = 1_500): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function healthHandler(_req: Request, res: Response): Promise<void> {
  const [postgres, redis] = await Promise.all([
    probe(() => getAppPool().query('select 1')),
    probe(() => getRedis().ping()),
  ]);
  const ok = postgres === 'up' && redis === 'up';
  res.status(ok ? 200 : 503).json({
    status: ok ? 'ok' : 'degraded',
    postgres,
    redis,
    ...(postgres === 'down' ? { message: DATABASE_UNAVAILABLE_MESSAGE } : {}),
  });
}
