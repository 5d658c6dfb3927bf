/**
 * The tenant context carried through async calls (logs, jobs, events). It is written only by
 * withTenant/withActor; everything else reads it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Actor = { type: 'user'; userId: string; email?: string } | { type: 'system'; name: string };

export type TenantScope = { orgId: string | null; actor: Actor };

const storage = new AsyncLocalStorage<TenantScope>();

export function currentScope(): TenantScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: TenantScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function actorUserId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.userId : null;
}
