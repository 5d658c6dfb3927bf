/**
 * Who is acting: the one principal type every transport turns its caller into (a signed-in user's
 * session, an API key, a SCIM client, the system running a job) and every reader takes — RLS
 * settings (here), audit (server/audit/actor.ts), authorization and rate limits. Each reader is one
 * exhaustive switch ending in `unhandledPrincipal`, so adding a kind (vendor staff is next) is a
 * compile error in every reader until it decides what that kind means there.
 * It must never grant anything by itself: it names the caller, the readers decide.
 */

export type Principal =
  | { type: 'user'; userId: string; email?: string; sessionId?: string }
  | { type: 'apiKey'; keyId: string; orgId: string; name: string }
  | { type: 'scimClient'; clientId: string; orgId: string }
  | { type: 'system'; name: string };

export type PrincipalType = Principal['type'];

/** The default branch of every reader's switch: unreachable while every kind is handled. */
export function unhandledPrincipal(principal: never): never {
  throw new Error(`unhandled principal ${JSON.stringify(principal)}`);
}

/**
 * The user id a transaction runs as (app.user_id): a user's own id, null (the nil UUID) for the
 * rest. The nil UUID alone grants nothing: policies that let the system act for every member
 * also require app.principal_type 'system' (db/migrations/0021), so an API key or SCIM client
 * never inherits the system's powers.
 */
export function principalUserId(principal: Principal): string | null {
  switch (principal.type) {
    case 'user':
      return principal.userId;
    case 'apiKey':
    case 'scimClient':
    case 'system':
      return null;
    default:
      return unhandledPrincipal(principal);
  }
}

/** The transaction's app.principal_type, read by the RLS policies that give the system more. */
export function principalDatabaseType(principal: Principal): PrincipalType {
  switch (principal.type) {
    case 'user':
      return 'user';
    case 'apiKey':
      return 'apiKey';
    case 'scimClient':
      return 'scimClient';
    case 'system':
      return 'system';
    default:
      return unhandledPrincipal(principal);
  }
}
