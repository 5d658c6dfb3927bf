/**
 * express's last error handler: whatever reaches it (a Remix handler that threw, a static file
 * error) is logged in full under a request id and answered with a generic message and that id —
 * never express's default page, which prints the stack outside production.
 */
import type { NextFunction, Request, Response } from 'express';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../db/unavailable';
import { logger } from '../logger';
import { reportUnexpectedError, unexpectedErrorMessage } from '../trpc/unexpectedErrors';

export function handleUnexpectedError(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, path: req.path }, 'request failed: database unavailable');
    if (res.headersSent) res.destroy();
    else res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE } });
    return;
  }
  const header = req.headers['x-request-id'];
  const requestId = reportUnexpectedError(error, {
    requestId: typeof header === 'string' && header ? header.slice(0, 64) : undefined,
    path: req.path,
  });
  // Half a response already left: end it rather than append an error to it.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(500)
    .json({ error: { code: 'INTERNAL_SERVER_ERROR', message: unexpectedErrorMessage(requestId), requestId } });
}
