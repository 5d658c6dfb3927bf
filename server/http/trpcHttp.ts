/**
 * tRPC over HTTP at /trpc: the same middleware serves the app and the request benchmark.
 * Unexpected errors are logged and hidden by the error formatter (server/trpc/init.ts).
 */
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { createContext } from '../trpc/context';
import { appRouter } from '../trpc/router';
import { BODY_LIMIT_BYTES } from './security';

export function createTrpcHttpMiddleware() {
  return createExpressMiddleware({
    router: appRouter,
    maxBodySize: BODY_LIMIT_BYTES,
    createContext: ({ req, res }) =>
      createContext({ headers: req.headers, ip: req.ip ?? null, appendSetCookie: (v) => res.append('Set-Cookie', v) }),
  });
}
