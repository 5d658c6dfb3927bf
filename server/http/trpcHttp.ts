/** tRPC over HTTP at /trpc: the same middleware serves the app and the request benchmark. */
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { logger } from '../logger';
import { createContext } from '../trpc/context';
import { appRouter } from '../trpc/router';
import { BODY_LIMIT_BYTES } from './security';

export function createTrpcHttpMiddleware() {
  return createExpressMiddleware({
    router: appRouter,
    maxBodySize: BODY_LIMIT_BYTES,
    createContext: ({ req, res }) =>
      createContext({ headers: req.headers, ip: req.ip ?? null, appendSetCookie: (v) => res.append('Set-Cookie', v) }),
    onError: ({ error, path, ctx }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') (ctx?.log ?? logger).error({ err: error, path }, 'procedure failed');
    },
  });
}
