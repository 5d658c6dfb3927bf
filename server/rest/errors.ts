/**
 * Every REST error answer: `{ error: { code, message, details?, requestId } }` with the catalogue's
 * HTTP status (server/errorResponses.ts). Invalid input is 400 INVALID_INPUT naming each field as
 * the client wrote it; the database being unreachable is 503; anything unplanned is 500 with a
 * generic message and the request id, its text only in the log.
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../db/unavailable';
import { httpStatusOf, httpStatusOfCode } from '../errorResponses';
import { isAppError } from '../errors';
import type { Logger } from '../logger';
import { isUnexpectedError, reportUnexpectedError, unexpectedErrorMessage } from '../trpc/unexpectedErrors';
import { fieldOfInput, RestInputError, type FieldIssue } from './input';
import type { RestRoute } from './routes';

export type RestErrorBody = {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
};

export type RestErrorAnswer = { status: number; body: RestErrorBody };

function invalidFields(fields: FieldIssue[], requestId: string): RestErrorAnswer {
  const names = [...new Set(fields.map((f) => f.field))].slice(0, 10);
  return {
    status: 400,
    body: {
      error: {
        code: 'INVALID_INPUT',
        message: `Some fields are invalid: ${names.join(', ')}`,
        details: { fields: fields.slice(0, 50) },
        requestId,
      },
    },
  };
}

function zodFields(error: ZodError, route: RestRoute | null): FieldIssue[] {
  return error.issues.map((issue) => {
    const where = route ? fieldOfInput(route, issue.path) : { field: issue.path.join('.'), in: 'body' as const };
    return { ...where, message: issue.message };
  });
}

export function restErrorOf(
  error: unknown,
  where: { route: RestRoute | null; requestId: string; log: Logger },
): RestErrorAnswer {
  const { requestId } = where;
  if (error instanceof RestInputError) return invalidFields(error.fields, requestId);
  if (error instanceof TRPCError && error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
    return invalidFields(zodFields(error.cause, where.route), requestId);
  }
  if (isAppError(error)) {
    const details = error.details ? { details: error.details } : {};
    return {
      status: httpStatusOf(error),
      body: { error: { code: error.appCode, message: error.message, ...details, requestId } },
    };
  }
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (isDatabaseUnavailable(cause)) {
    where.log.warn({ err: cause }, 'REST request failed: database unavailable');
    return {
      status: httpStatusOfCode('SERVICE_UNAVAILABLE'),
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, requestId } },
    };
  }
  if (error instanceof TRPCError && !isUnexpectedError(error)) {
    return { status: httpStatusOf(error), body: { error: { code: error.code, message: error.message, requestId } } };
  }
  reportUnexpectedError(error, { log: where.log, requestId, path: where.route?.procedure });
  return {
    status: 500,
    body: { error: { code: 'INTERNAL_SERVER_ERROR', message: unexpectedErrorMessage(requestId), requestId } },
  };
}
