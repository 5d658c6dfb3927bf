/**
 * The audit of a declared action, for any transport (tRPC, REST, SCIM, …): the one recording core.
 * A transport opens the action's audit scope with its declaration (./declaration.ts), the
 * principal, the request and the raw input (`openAudit`), runs it inside the scope; the unit of
 * work calls `captureAuditBefore` before the action and `recordAuditSuccess` after it, so the
 * success event commits with the change or not at all; `settleAudit` then writes what the
 * transaction could not — a failure with its reason, a refusal — in a transaction of its own.
 * `runAuditedAction` does all of it for a transport that already knows the org.
 *
 * It records exactly what is declared and guesses nothing; it never reads a transport's internals
 * (the tRPC adapter is ./middleware.ts).
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { isAppError } from '../errors';
import type { Logger } from '../logger';
import type { Principal } from '../tenancy/principal';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { auditActorOf } from './actor';
import { appendAuditEvent, recordAuditEventAtCommit } from './append';
import type { AuditDeclaration } from './declaration';
import { redact } from './redact';
import { currentAuditScope, enterAuditOrg, runInAuditScope, type AuditScope } from './scope';
import type { AuditEventInput, AuditRequest, AuditResource } from './types';

export type AuditCall = {
  /** Which call this is (a tRPC path, a REST route): a nested call opens a scope of its own. */
  path: string;
  /** What the action declares; null for a read (recorded only when refused). */
  declaration: AuditDeclaration | null;
  isMutation: boolean;
  principal: Principal;
  request: AuditRequest;
  /** What the caller sent, not yet validated: declared ids are read from it, never stored whole. */
  rawInput: unknown;
};

/** How the call ended, as the transport saw it. */
export type AuditOutcome = { ok: true; output: unknown } | { ok: false; error: unknown };

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

/** The audit scope of one call; run the call inside it with `runInAuditScope`. */
export function openAudit(call: AuditCall): AuditScope {
  return {
    path: call.path,
    declaration: call.isMutation ? call.declaration : null,
    isMutation: call.isMutation,
    actor: auditActorOf(call.principal),
    principal: call.principal,
    request: call.request,
    rawInput: call.isMutation ? call.rawInput : undefined,
    orgId: null,
    before: undefined,
    after: undefined,
    attached: { before: false, after: false },
    recorded: false,
  };
}

/** In the action's transaction, before it runs: the before-state of a sensitive action. */
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

/** In the action's transaction, after it succeeded: the success event, written at its commit. */
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

function isRefusal(error: unknown): boolean {
  return error instanceof TRPCError && error.code === 'FORBIDDEN';
}

/** Why an action failed, safe to show an admin: code, message, the authorization reason. */
export function failureReason(error: unknown): string {
  const invalid = error instanceof ZodError ? error : error instanceof TRPCError ? error.cause : undefined;
  if (invalid instanceof ZodError) {
    const issues = invalid.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ');
    return `INVALID_INPUT: invalid input (${issues})`;
  }
  if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') {
    return 'INTERNAL_SERVER_ERROR: unexpected error';
  }
  const reason = isAppError(error) ? error.details?.reason : undefined;
  const because = typeof reason === 'string' && !error.message.includes(reason) ? ` (${reason})` : '';
  return `${isAppError(error) ? error.appCode : error.code}: ${error.message}${because}`;
}

/**
 * After the call: writes, in a transaction of its own, the event its transaction did not — a
 * failure (that transaction rolled back), a refused read, a success outside a unit of work. An
 * event that cannot be written is logged; the call's outcome stands.
 */
export async function settleAudit(scope: AuditScope, outcome: AuditOutcome, log: Logger): Promise<void> {
  const orgId = scope.orgId;
  if (!orgId) return;
  // Reads are audited only when refused (a denied attempt), mutations always.
  if (!scope.isMutation && (outcome.ok || !isRefusal(outcome.error))) return;
  if (outcome.ok && scope.recorded) return;
  const sensitive = isSensitive(scope.declaration);
  const event: AuditEventInput = outcome.ok
    ? {
        ...baseEvent(scope, orgId),
        outcome: 'success',
        resource: resourceOf(scope, orgId, outcome.output),
        after: scope.attached.after ? scope.after : sensitive ? requested(scope.rawInput) : undefined,
      }
    : {
        ...baseEvent(scope, orgId),
        outcome: 'failure',
        reason: failureReason(outcome.error),
        resource: resourceOf(scope, orgId, undefined),
        after: sensitive ? redact(requested(scope.rawInput)) : undefined,
      };
  try {
    await withTenant(orgId, scope.principal, (tx) => appendAuditEvent(tx, event));
  } catch (error) {
    log.error({ err: error, action: scope.path }, 'audit event could not be written');
  }
}

/**
 * A declared action in a known org, audited either way: what a REST route or SCIM endpoint calls
 * once it has authenticated its principal and checked its permission. The action runs in one unit
 * of work (withTenant) with its success event; a failure is recorded after the rollback and rethrown.
 */
export async function runAuditedAction<T>(
  call: Omit<AuditCall, 'isMutation'> & { orgId: string; log: Logger },
  action: (tx: Tx) => Promise<T>,
): Promise<T> {
  const scope = openAudit({ ...call, isMutation: true });
  return runInAuditScope(scope, async () => {
    enterAuditOrg(call.orgId);
    try {
      const output = await withTenant(call.orgId, call.principal, async (tx) => {
        await captureAuditBefore(tx, call.path);
        const result = await action(tx);
        await recordAuditSuccess(tx, call.path, result);
        return result;
      });
      await settleAudit(scope, { ok: true, output }, call.log);
      return output;
    } catch (error) {
      await settleAudit(scope, { ok: false, error }, call.log);
      throw error;
    }
  });
}
