/**
 * The tenant context carried through async calls (logs, jobs, events). It is written only by
 * withTenant/withActor and by the job worker (a handler runs in its job's scope between its short
 * transactions); everything else reads it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';

export type TenantScope = { orgId: string | null; principal: Principal };

const storage = new AsyncLocalStorage<TenantScope>();

export function currentScope(): TenantScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: TenantScope, fn: () => T): T {
  return storage.run(scope, fn);
}
