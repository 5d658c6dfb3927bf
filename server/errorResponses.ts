/**
 * The catalogue as transports answer it: the HTTP status of any error (REST, express) and the
 * SCIM error body (RFC 7644 §3.12). The detail is the error's own safe message; an error that is
 * not a deliberate refusal never reaches here with its text — callers answer it generically.
 */
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ERROR_CATALOGUE, type ErrorCode } from './errorCatalogue';
import { errorCodeOf, type AppError } from './errors';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function httpStatusOfCode(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].http;
}

/** A domain code's status; a bare TRPCError's by tRPC's own table; anything else 500. */
export function httpStatusOf(error: unknown): number {
  const code = errorCodeOf(error);
  if (code) return httpStatusOfCode(code);
  if (error instanceof TRPCError) return getHTTPStatusCodeFromError(error);
  return 500;
}

export type ScimErrorBody = {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: string;
  detail: string;
};

export function scimErrorBody(error: AppError): ScimErrorBody {
  const { http, scimType } = ERROR_CATALOGUE[error.appCode];
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(http),
    ...(scimType ? { scimType } : {}),
    detail: error.message,
  };
}
