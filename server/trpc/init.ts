/** initTRPC: superjson, the procedure meta type, and the one error formatter. */
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { AuditDeclaration } from '../audit/declaration';
import type { Permission } from '../authz/permissions';
import { env } from '../env';
import { isAppError } from '../errors';
import type { Context } from './context';

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

export const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    isDev: env.NODE_ENV !== 'production',
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause.flatten() : null;
      return {
        ...shape,
        message: zodError ? 'Some fields are invalid' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: isAppError(error) ? error.appCode : null,
          details: isAppError(error) ? (error.details ?? null) : null,
          zodError,
          ...(env.NODE_ENV !== 'production' ? { stack: shape.data.stack } : {}),
        },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
