/**
 * Audit capture for every tRPC mutation in an organization — by middleware, never by hand.
 *
 *   auditMutations (on memberProcedure, before the gate) opens the audit scope of a mutation.
 *     The gate names the org as soon as it resolves it (enterAuditOrg), so everything after that is
 *     audited: a FORBIDDEN at the gate with its reason, a deactivated membership, invalid input,
 *     a conflict, an unexpected error.
 *   orgProcedure's transaction calls captureAuditBefore before the resolver and
 *     recordAuditSuccess after it, so the success event commits with the change or not at all.
 *   On failure the transaction has rolled back (taking any success event with it); the failure
 *     event is written here, in a transaction of its own.
 *
 * What an event names — action, resource type and id, before/after — is what the procedure
 * declares in its meta (./declaration.ts); nothing is derived from the path or the input's shape.
 *
 * Queries and subscriptions are recorded only when the gate refuses them: a denied attempt on a
 * protected procedure is evidence, a permitted read is not an event. Mutations before an org is
 * known (login, signup, creating an org, account settings) are not org events and are not
 * recorded here (docs/decisions/010-audit.md).
 */
import type { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { isAppError } from '../errors';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { t } from '../trpc/init';
import { appendAuditEvent, recordAuditEventAtCommit } from './append';
import type { AuditDeclaration } from './declaration';
import { redact } from './redact';
import { currentAuditScope, runInAuditScope, type AuditScope } from './scope';
import type { AuditEventInput, AuditResource } from './types';

type Input = Record<string, unknown>;

function asRecord(value: unknown): Input {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Input) : {};
}

/** The declared resource: its type, and its id where the declaration says it is (else none). */
function resourceOf(scope: AuditScope, orgId: string, output: unknown): AuditResource | null {
  const declared = scope.declaration;
  if (!declared) return null;
  return { type: declared.resource, id: declared.id?.({ input: asRecord(scope.rawInput), output, orgId }) ?? null };
}

/** The request minus the org slug: the "after" of a sensitive action nothing can read back. */
function requested(rawInput: unknown): unknown {
  const { orgSlug: _slug, ...rest } = asRecord(rawInput);
  return Object.keys(rest).length > 0 ? rest : null;
}

function isOwnScope(scope: AuditScope | undefined, path: string): scope is AuditScope & { orgId: string } {
  return scope !== undefined && scope.path === path && scope.orgId !== null && scope.isMutation;
}

function baseEvent(scope: AuditScope, orgId: string): Omit<AuditEventInput, 'outcome'> {
  return { orgId, action: scope.declaration?.action ?? scope.path, actor: scope.actor, request: scope.request };
}

function isSensitive(declaration: AuditDeclaration | null): boolean {
  return declaration?.snapshot !== undefined;
}

/** In the mutation's transaction, before its resolver: the before-state of a sensitive action. */
export async function captureAuditBefore(tx: Tx, path: string): Promise<void> {
  const scope = currentAuditScope();
  if (!isOwnScope(scope, path) || scope.attached.before) return;
  const load = scope.declaration?.snapshot;
  if (typeof load !== 'function') return;
  const id = resourceOf(scope, scope.orgId, undefined)?.id;
  scope.before = id ? await load(tx, scope.orgId, id) : null;
}

/** The declared "after" of a sensitive action: its state read back, or what was requested. */
async function declaredAfter(tx: Tx, scope: AuditScope & { orgId: string }, resource: AuditResource | null) {
  const snapshot = scope.declaration?.snapshot;
  if (snapshot === undefined) return undefined;
  if (snapshot === 'request') return requested(scope.rawInput);
  return resource?.id ? snapshot(tx, scope.orgId, resource.id) : null;
}

/** In the mutation's transaction, after its resolver succeeded: the success event. */
export async function recordAuditSuccess(tx: Tx, path: string, output: unknown): Promise<void> {
  const scope = currentAuditScope();
  if (!isOwnScope(scope, path)) return;
  const resource = resourceOf(scope, scope.orgId, output);
  const hasLoader = typeof scope.declaration?.snapshot === 'function';
  const before = scope.attached.before || hasLoader ? scope.before : undefined;
  const after = scope.attached.after ? scope.after : await declaredAfter(tx, scope, resource);
  recordAuditEventAtCommit(tx, { ...baseEvent(scope, scope.orgId), outcome: 'success', resource, before, after });
  scope.recorded = true;
}

/** Why a mutation failed, safe to show an admin: code, message, the authorization reason. */
export function failureReason(error: TRPCError): string {
  if (error.cause instanceof ZodError) {
    const issues = error.cause.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ');
    return `INVALID_INPUT: invalid input (${issues})`;
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR: unexpected error';
  const reason = isAppError(error) ? error.details?.reason : undefined;
  const because = typeof reason === 'string' && !error.message.includes(reason) ? ` (${reason})` : '';
  return `${isAppError(error) ? error.appCode : error.code}: ${error.message}${because}`;
}

export const auditMutations = t.middleware(async ({ ctx, type, path, meta, next, getRawInput }) => {
  if (!ctx.user) return next();
  const isMutation = type === 'mutation';
  const scope: AuditScope = {
    path,
    declaration: isMutation ? (meta?.audit ?? null) : null,
    isMutation,
    actor: { type: 'user', id: ctx.user.id, email: ctx.user.email },
    request: { ip: ctx.req.ip, userAgent: ctx.req.userAgent, requestId: ctx.req.requestId },
    rawInput: isMutation ? await getRawInput().catch(() => undefined) : undefined,
    orgId: null,
    before: undefined,
    after: undefined,
    attached: { before: false, after: false },
    recorded: false,
  };
  const result = await runInAuditScope(scope, () => next());
  const orgId = scope.orgId;
  if (!orgId) return result;
  // Reads and subscriptions are audited only when refused (a denied attempt), mutations always.
  if (!isMutation && (result.ok || result.error.code !== 'FORBIDDEN')) return result;
  // A success already recorded commits with its transaction; anything else is written now.
  if (result.ok && scope.recorded) return result;
  const tenantActor = { type: 'user' as const, userId: ctx.user.id, email: ctx.user.email };
  const sensitive = isSensitive(scope.declaration);
  const event: AuditEventInput = result.ok
    ? {
        ...baseEvent(scope, orgId),
        outcome: 'success',
        resource: resourceOf(scope, orgId, result.data),
        after: scope.attached.after ? scope.after : sensitive ? requested(scope.rawInput) : undefined,
      }
    : {
        ...baseEvent(scope, orgId),
        outcome: 'failure',
        reason: failureReason(result.error),
        resource: resourceOf(scope, orgId, undefined),
        after: sensitive ? redact(requested(scope.rawInput)) : undefined,
      };
  try {
    await withTenant(orgId, tenantActor, (tx) => appendAuditEvent(tx, event));
  } catch (error) {
    ctx.log.error({ err: error, action: path }, 'audit event could not be written');
  }
  return result;
});
