/**
 * One error type for everything the user may see. Codes map to tRPC codes (and so HTTP status)
 * in the error formatter; the message is safe to show; details never carry secrets.
 */
import { TRPCError } from '@trpc/server';

export const APP_ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<string, TRPCError['code']>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends TRPCError {
  readonly appCode: AppErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super({ code: APP_ERROR_CODES[code], message });
    this.name = 'AppError';
    this.appCode = code;
    this.details = details;
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
    (error instanceof TRPCError &&
      error.name === 'AppError' &&
      typeof (error as { appCode?: unknown }).appCode === 'string')
  );
}
