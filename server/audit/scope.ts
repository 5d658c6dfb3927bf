/**
 * The audit scope of one mutation: opened by the tRPC audit middleware (server/audit/middleware.ts)
 * and carried through async calls, so the procedure chain and any service can add to the event
 * without a parameter. This is the one way to describe what a mutation changed:
 * `auditChange({ resource, before, after })` from a service; the declared snapshots of sensitive
 * actions (server/audit/sensitive.ts) write through the same scope. Outside a mutation it is a no-op.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor, AuditRequest, AuditResource } from './types';

export type AuditScope = {
  /** The procedure path, e.g. `roles.update`. */
  action: string;
  /** Mutations are audited either way; a query or subscription only when the gate refuses it. */
  isMutation: boolean;
  actor: AuditActor;
  request: AuditRequest;
  /** What the caller sent (unvalidated): resource ids are read from it, never stored whole. */
  rawInput: unknown;
  /** Set by the member gate once the org is resolved; failures before that are not audited. */
  orgId: string | null;
  resource: AuditResource | null;
  before: unknown;
  after: unknown;
  /** Which of resource/before/after a service set itself (those win over derived values). */
  attached: { resource: boolean; before: boolean; after: boolean };
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

export type AuditChange = { resource?: AuditResource; before?: unknown; after?: unknown };

/** Describes what the current mutation changes; before/after are redacted when written. */
export function auditChange(change: AuditChange): void {
  const scope = storage.getStore();
  if (!scope) return;
  if (change.resource) {
    scope.resource = change.resource;
    scope.attached.resource = true;
  }
  if ('before' in change) {
    scope.before = change.before;
    scope.attached.before = true;
  }
  if ('after' in change) {
    scope.after = change.after;
    scope.attached.after = true;
  }
}
