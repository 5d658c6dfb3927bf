/**
 * The audit declarations of the API key actions, shared by every transport that runs them (the
 * tRPC router, the CLI). The before/after is the key's snapshot (queries.ts): what it may do and
 * whether it works — never the token or a hash, so neither can reach the trail.
 */
import { fromInput, fromOutput, type AuditDeclaration } from '../audit/declaration';
import { apiKeySnapshot } from './queries';

const declare = (action: string, id: NonNullable<AuditDeclaration['id']>): AuditDeclaration => ({
  action,
  resource: 'api_key',
  id,
  snapshot: apiKeySnapshot,
});

export const API_KEY_AUDIT = {
  create: declare('apiKey.create', fromOutput('id')),
  rotate: declare('apiKey.rotate', fromInput('keyId')),
  revoke: declare('apiKey.revoke', fromInput('keyId')),
  delete: declare('apiKey.delete', fromInput('keyId')),
} as const;
