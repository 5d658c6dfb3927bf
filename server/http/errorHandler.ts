/**
 * express's last error handler. A deliberate refusal (an AppError) is answered with its
 * catalogue status, domain code and safe message; the database being unreachable is 503
 * SERVICE_UNAVAILABLE; anything else is logged in full under a request id and answered with a
 * generic message and that id — never express's default page, which prints the stack outside
 * production.
 */
import type { NextFunction, Request, Response } from 'express';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../db/unavailable';
import { httpStatusOf, httpStatusOfCode } from '../errorResponses';
import { isAppError } from '../errors';
import { logger } from '../logger';
import { reportUnexpectedError, unexpectedErrorMessage } from '../trpc/unexpectedErrors';

export function handleUnexpectedError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  // Half a response already left: end it rather than append an error to it.
  const answer = (status: number, body: Record<string, unknown>) => {
    if (res.headersSent) res.destroy();
    else res.status(status).json({ error: body });
  };
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, path: req.path }, 'request failed: database unavailable');
    answer(httpStatusOfCode('SERVICE_UNAVAILABLE'), {
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE_MESSAGE,
    });
    return;
  }
  if (isAppError(error)) {
    answer(httpStatusOf(error), { code: error.appCode, message: error.message });
    return;
  }
  const header = req.headers['x-request-id'];
  const requestId = reportUnexpectedError(error, {
    requestId: typeof header === 'string' && header ? header.slice(0, 64) : undefined,
    path: req.path,
  });
  answer(500, { code: 'INTERNAL_SERVER_ERROR', message: unexpectedErrorMessage(requestId), requestId });
}
