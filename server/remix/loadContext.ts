/**
 * What Remix loaders and actions receive: a way to call tRPC procedures server-side through
 * createCaller with the same context (session, permissions, audit) as an HTTP call, and with
 * unexpected errors reduced to a generic message and the request id (server/trpc/safeCaller.ts).
 * Loaders return `headers` so that cookie changes made by a procedure reach the browser.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { createContext, type SessionUser } from '../trpc/context';
import { createSafeCaller, type SafeCaller } from '../trpc/safeCaller';
import { throwIfUnavailable } from './unavailable';

export type TrpcLoadContext = {
  caller: SafeCaller;
  headers: Headers;
  user: SessionUser | null;
};

declare module '@remix-run/node' {
  interface AppLoadContext {
    trpc(): Promise<TrpcLoadContext>;
    cspNonce: string;
  }
}

export function getLoadContext(req: ExpressRequest, res: ExpressResponse) {
  let memo: Promise<TrpcLoadContext> | undefined;
  return {
    cspNonce: res.locals.cspNonce as string,
    trpc(): Promise<TrpcLoadContext> {
      memo ??= (async () => {
        const headers = new Headers();
        const ctx = await createContext({
          headers: req.headers,
          ip: req.ip ?? null,
          appendSetCookie: (value) => headers.append('Set-Cookie', value),
        }).catch((error: unknown) => {
          throwIfUnavailable(error);
          throw error;
        });
        // A loader sees the 503 response for an unavailable database, not the AppError.
        return { caller: createSafeCaller(ctx, { onRefusal: throwIfUnavailable }), headers, user: ctx.user };
      })();
      return memo;
    },
  };
}
