/**
 * One error type for everything the user may see: a code from the catalogue (errorCatalogue.ts),
 * a safe message and safe details. The catalogue maps the code to a tRPC code here, and to HTTP
 * statuses and SCIM bodies in errorResponses.ts. Details never carry secrets.
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import {
  ERROR_CATALOGUE,
  isErrorCode,
  type CodeWithMessage,
  type CodeWithoutMessage,
  type ErrorCode,
} from './errorCatalogue';

export type { ErrorCode } from './errorCatalogue';

type Details = Record<string, unknown>;

export class AppError extends TRPCError {
  /** The domain code (named appCode in the error shape clients already read). */
  readonly appCode: ErrorCode;
  readonly details: Details | undefined;

  /**
   * A code whose message the catalogue writes takes none; the others take the message the throw
   * site writes. A catalogue-worded code may still take a message that names what was not found
   * ("Parent team not found") — never a second wording of the same rule.
   */
  constructor(code: CodeWithMessage, details?: Details);
  constructor(code: CodeWithoutMessage | CodeWithMessage, message: string, details?: Details);
  constructor(code: ErrorCode, messageOrDetails?: string | Details, details?: Details) {
    const entry: { trpc: TRPCError['code']; message?: string } = ERROR_CATALOGUE[code];
    const message = typeof messageOrDetails === 'string' ? messageOrDetails : entry.message;
    super({ code: entry.trpc, message });
    this.name = 'AppError';
    this.appCode = code;
    this.details = typeof messageOrDetails === 'string' ? details : messageOrDetails;
  }
}

/**
 * By shape as well as by class: the Remix server build bundles its own copy of this module, so
 * an AppError thrown by a procedure (the server's copy) is not an instance of the class a loader
 * imports. TRPCError itself comes from node_modules, one copy for both.
 */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (error instanceof TRPCError && error.name === 'AppError' && isErrorCode((error as { appCode?: unknown }).appCode))
  );
}

/** The domain code of an error: its own, INVALID_INPUT for input zod refused, else null. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  if (isAppError(error)) return error.appCode;
  if (error instanceof TRPCError && error.code === 'BAD_REQUEST' && error.cause instanceof ZodError) {
    return 'INVALID_INPUT';
  }
  return null;
}
