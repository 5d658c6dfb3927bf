/**
 * The audit scope of one call: opened by the audit core (./auditedAction.ts) for any transport
 * and carried through async calls, so the procedure chain and any service can add to the event
 * without a parameter. What is acted on comes from the procedure's declaration (./declaration.ts);
 * a service whose before/after no declared snapshot can read describes it with
 * `auditChange({ before, after })`. Outside a mutation it is a no-op.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../tenancy/principal';
import type { AuditDeclaration } from './declaration';
import type { AuditActor, AuditRequest } from './types';

export type AuditScope = {
  /** Which call opened the scope (a tRPC path, a REST route): a nested call has its own. */
  path: string;
  /** What the procedure declares; null for queries and subscriptions (recorded only when refused). */
  declaration: AuditDeclaration | null;
  /** Mutations are audited either way; a query or subscription only when the gate refuses it. */
  isMutation: boolean;
  actor: AuditActor;
  /** Who acts: the failure event's own transaction runs as them. */
  principal: Principal;
  request: AuditRequest;
  /** What the caller sent (unvalidated): declared ids are read from it, never stored whole. */
  rawInput: unknown;
  /** Set by the member gate once the org is resolved; failures before that are not audited. */
  orgId: string | null;
  before: unknown;
  after: unknown;
  /** Which of before/after a service set itself (those win over declared snapshots). */
  attached: { before: boolean; after: boolean };
  /** The success event was written inside the mutation's transaction. */
  recorded: boolean;
};

const storage = new AsyncLocalStorage<AuditScope>();

export function runInAuditScope<T>(scope: AuditScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentAuditScope(): AuditScope | undefined {
  return storage.getStore();
}

/** The member gate names the org as soon as it is known, so even a denial there is audited. */
export function enterAuditOrg(orgId: string): void {
  const scope = storage.getStore();
  if (scope) scope.orgId = orgId;
}

export type AuditChange = { before?: unknown; after?: unknown };

/** Describes what the current mutation changes; before/after are redacted when written. */
export function auditChange(change: AuditChange): void {
  const scope = storage.getStore();
  if (!scope) return;
  if ('before' in change) {
    scope.before = change.before;
    scope.attached.before = true;
  }
  if ('after' in change) {
    scope.after = change.after;
    scope.attached.after = true;
  }
}
