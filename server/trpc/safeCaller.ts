/**
 * The server-side caller for Remix loaders and actions. createCaller throws the procedure's own
 * error, which for an unexpected one still carries its internal text (SQL, parameters, stack);
 * loaders pass errors on to Remix, whose error data reaches the browser. Here an unexpected
 * error is logged under the request id and replaced by the generic one; deliberate refusals
 * (AppError, invalid input) pass through unchanged for the page to show.
 */
import { TRPCError } from '@trpc/server';
import type { Context } from './context';
import { createCaller } from './router';
import { isUnexpectedError, publicUnexpectedError } from './unexpectedErrors';

export type SafeCaller = ReturnType<typeof createCaller>;

export type SafeCallerOptions = {
  /** Sees every deliberate refusal before it is rethrown; may throw something else instead. */
  onRefusal?: (error: TRPCError) => void;
};

function hidingUnexpected(error: unknown, ctx: Context, path: string, options: SafeCallerOptions): unknown {
  if (error instanceof TRPCError && !isUnexpectedError(error)) {
    options.onRefusal?.(error);
    return error;
  }
  return publicUnexpectedError(error, { log: ctx.log, requestId: ctx.req.requestId, path });
}

/** Wraps every procedure reached through the caller's proxy (`caller.members.list(…)`). */
function guard(node: unknown, ctx: Context, path: string[], options: SafeCallerOptions): unknown {
  return new Proxy(node as object, {
    get(target, key) {
      const child: unknown = Reflect.get(target, key);
      return typeof key === 'string' && typeof child === 'function'
        ? guard(child, ctx, [...path, key], options)
        : child;
    },
    apply(target, thisArg, args) {
      const name = path.join('.');
      try {
        const result: unknown = Reflect.apply(target as (...a: unknown[]) => unknown, thisArg, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw hidingUnexpected(error, ctx, name, options);
            })
          : result;
      } catch (error) {
        throw hidingUnexpected(error, ctx, name, options);
      }
    },
  });
}

/** Any router's caller, with unexpected errors hidden; createSafeCaller is this on the app router. */
export function hidingUnexpectedErrors<T extends object>(caller: T, ctx: Context, options: SafeCallerOptions = {}): T {
  return guard(caller, ctx, [], options) as T;
}

export function createSafeCaller(ctx: Context, options: SafeCallerOptions = {}): SafeCaller {
  return hidingUnexpectedErrors(createCaller(ctx), ctx, options);
}
