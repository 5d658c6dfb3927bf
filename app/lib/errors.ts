/**
 * A refused call as the page sees it: its domain code (the one thing a page branches on, never
 * the message text) and what a form shows — a message and per-field errors. Reads errors by
 * shape, so it imports only the code type from the server, never its runtime.
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../server/errorCatalogue';

export type ActionFailure = { ok: false; message: string; fieldErrors: Record<string, string[] | undefined> };

type AppErrorShape = Error & { appCode: ErrorCode; details?: unknown };

/**
 * The AppError in a call chain (the error or one of its causes). Read by shape, not with
 * `instanceof`: the Remix server bundle carries its own copy of server/errors.ts, so an error
 * thrown by the procedures (imported by the express server) is not an instance of it.
 */
function appErrorIn(error: unknown): AppErrorShape | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'AppError' && typeof (e as Partial<AppErrorShape>).appCode === 'string') return e as AppErrorShape;
  }
  return null;
}

/**
 * The domain code (server/errorCatalogue.ts) of a refused call, wherever the call chain wrapped
 * it; INVALID_INPUT when zod refused the input; null for anything else.
 */
export function errorCodeOf(error: unknown): ErrorCode | null {
  const refusal = appErrorIn(error);
  if (refusal) return refusal.appCode;
  if (error instanceof TRPCError && error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
    return 'INVALID_INPUT';
  }
  return null;
}

/** A refusal's safe details (field, current version, missing permissions…); {} when it has none. */
export function errorDetailsOf(error: unknown): Record<string, unknown> {
  const details = appErrorIn(error)?.details;
  return details !== null && typeof details === 'object' ? { ...(details as Record<string, unknown>) } : {};
}

export function toActionFailure(error: unknown): ActionFailure {
  if (error instanceof TRPCError) {
    if (error.cause instanceof ZodError) {
      return {
        ok: false,
        message: 'Please correct the highlighted fields.',
        fieldErrors: error.cause.flatten().fieldErrors,
      };
    }
    if (error.code !== 'INTERNAL_SERVER_ERROR') return { ok: false, message: error.message, fieldErrors: {} };
  }
  throw error;
}
