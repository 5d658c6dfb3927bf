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

/**
 * The user id a transaction runs as (app.user_id). Null becomes the nil UUID, which RLS policies
 * read as the system (e.g. the notification email settlement, migrations 0016–0019): a new kind
 * of principal (API key, SCIM client) must not map to null without deciding that it may act as
 * the system — the exhaustive switch makes adding one a compile error here.
 */
export function actorUserId(actor: Actor): string | null {
  switch (actor.type) {
    case 'user':
      return actor.userId;
    case 'system':
      return null;
    default: {
      const unknownActor: never = actor;
      throw new Error(`no database identity for actor ${JSON.stringify(unknownActor)}`);
    }
  }
}
