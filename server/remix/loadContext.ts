/**
 * What Remix loaders and actions receive: a way to call tRPC procedures server-side through
 * createCaller with the same context (session, permissions, audit) as an HTTP call. Loaders
 * return `headers` so that cookie changes made by a procedure reach the browser.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { createContext, type SessionUser } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { throwIfUnavailable } from './unavailable';

export type TrpcLoadContext = {
  caller: ReturnType<typeof createCaller>;
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
        // tRPC rethrows what onError throws: a loader sees the 503 response, not the AppError.
        const caller = createCaller(ctx, { onError: ({ error }) => throwIfUnavailable(error) });
        return { caller, headers, user: ctx.user };
      })();
      return memo;
    },
  };
}
