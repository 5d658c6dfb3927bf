/**
 * Who an audit event names: the one reader of a principal (server/tenancy/principal.ts) for the
 * trail — its actor type as stored (db/schema/audit.ts), its id and, for a person, their email.
 */
import { unhandledPrincipal, type Principal } from '../tenancy/principal';
import type { AuditActor } from './types';

export function auditActorOf(principal: Principal): AuditActor {
  switch (principal.type) {
    case 'user':
      return { type: 'user', id: principal.userId, email: principal.email ?? null };
    case 'apiKey':
      return { type: 'api_key', id: principal.keyId, email: null };
    case 'scimClient':
      return { type: 'scim', id: principal.clientId, email: null };
    case 'system':
      return { type: 'system', id: principal.name, email: null };
    default:
      return unhandledPrincipal(principal);
  }
}
