/**
 * What a client learns of an error nobody planned for (a failed query, a bug, a dropped
 * connection): a generic message and the request id. The error itself — message, SQL and its
 * parameters, stack, cause — goes to the log under that id and never into a response. Every
 * transport ends here: the error formatter (HTTP, batch, SSE, WebSocket) and the server-side
 * caller that Remix loaders and actions use.
 */
import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { logger, type Logger } from '../logger';

/** Errors that are not a deliberate refusal: anything tRPC had to wrap as INTERNAL_SERVER_ERROR. */
export function isUnexpectedError(error: TRPCError): boolean {
  return error.code === 'INTERNAL_SERVER_ERROR';
}

export function unexpectedErrorMessage(requestId: string): string {
  return `Something went wrong on our side. If it keeps happening, contact support with reference ${requestId}.`;
}

type Where = { log?: Logger; requestId?: string; path?: string };

/** Logs the whole error and returns the request id the client may quote (a fresh one when none exists yet). */
export function reportUnexpectedError(error: unknown, where: Where): string {
  const requestId = where.requestId ?? randomUUID();
  const log = where.log ?? logger.child({ requestId });
  log.error({ err: error, path: where.path }, 'unexpected error');
  return requestId;
}

/** The replacement a server-side caller throws: same code, generic message, no cause. */
export function publicUnexpectedError(error: unknown, where: Where): TRPCError {
  const requestId = reportUnexpectedError(error, where);
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: unexpectedErrorMessage(requestId) });
}
