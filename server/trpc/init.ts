/** initTRPC: superjson, the procedure meta type, and the one error formatter. */
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { AuditDeclaration } from '../audit/declaration';
import type { Permission } from '../shared/permissions';
import { errorCodeOf, isAppError } from '../errors';
import type { Context } from './context';
import { isUnexpectedError, reportUnexpectedError, unexpectedErrorMessage } from './unexpectedErrors';

/** What a client may see of tRPC's own error data: never the stack, in any environment. */
function safeData(data: { code: string; httpStatus: number; path?: string }) {
  return { code: data.code, httpStatus: data.httpStatus, path: data.path };
}

/**
 * Every procedure declares who may call it: a permission from the catalogue, or an explicit
 * `access` of 'public' (anyone) or 'authed' (any signed-in user, no org). A test walks the
 * router and fails on a procedure that declares neither.
 */
export type Meta = {
  permission?: Permission;
  access?: 'public' | 'authed';
  /**
   * The resolver calls `ctx.can(permission, resource)` on what it loads, so conditions that read
   * `resource` pass the gate instead of denying there (server/authz/can.ts, decideAtGate).
   */
  checksResource?: boolean;
  /** What a mutation's audit event records (server/audit/declaration.ts); every org mutation declares it. */
  audit?: AuditDeclaration;
};

/** Names the refused fields ("Some fields are invalid: name, filters.actor"); zodError says why. */
function invalidFieldsMessage(error: ZodError): string {
  const fields = [...new Set(error.issues.map((issue) => issue.path.join('.')).filter(Boolean))].slice(0, 10);
  return fields.length ? `Some fields are invalid: ${fields.join(', ')}` : 'Some fields are invalid';
}

export const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx, path }) {
      const requestId = ctx?.req.requestId ?? null;
      if (isUnexpectedError(error)) {
        const reference = reportUnexpectedError(error, { log: ctx?.log, requestId: requestId ?? undefined, path });
        return {
          code: shape.code,
          message: unexpectedErrorMessage(reference),
          data: { ...safeData(shape.data), appCode: null, details: null, zodError: null, requestId: reference },
        };
      }
      const invalid = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : null;
      const zodError = invalid ? invalid.flatten() : null;
      return {
        code: shape.code,
        message: invalid ? invalidFieldsMessage(invalid) : shape.message,
        data: {
          ...safeData(shape.data),
          // The domain code from the catalogue (server/errorCatalogue.ts), the one clients branch on.
          appCode: errorCodeOf(error),
          details: isAppError(error) ? (error.details ?? null) : null,
          zodError,
          requestId,
        },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
