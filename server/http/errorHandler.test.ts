import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { handleUnexpectedError } from './errorHandler';

function answerTo(error: unknown): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  } as unknown as Response;
  const req = { path: '/somewhere', headers: { 'x-request-id': 'req-1' } } as unknown as Request;
  handleUnexpectedError(error, req, res, (() => undefined) as NextFunction);
  return sent;
}

describe('the last error handler', () => {
  it('answers a deliberate refusal with its catalogue status, domain code and message', () => {
    expect(answerTo(new AppError('PUSH_NOT_CONFIGURED'))).toEqual({
      status: 412,
      body: { error: { code: 'PUSH_NOT_CONFIGURED', message: 'No push endpoint is configured yet' } },
    });
  });

  it('answers anything else with 500, a generic message and the request id, never its text', () => {
    const { status, body } = answerTo(new Error('select * from secrets'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secrets');
    expect(body).toMatchObject({ error: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
  });
});
