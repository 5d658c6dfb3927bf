/**
 * Turns an API key token into a principal and the permissions it may use: its scopes narrowed by
 * its creator's current permissions (conditions included, as the gate resolves a member's). Each
 * refusal has its own code and never names the org. What a transport calls first for a request
 * that carries a key; it must never return a principal for a key that any rule refuses.
 */
import { sql } from 'drizzle-orm';
import { accessSubjectOf, type AccessSubject } from '../authz/can';
import { AppError } from '../errors';
import { addressInRanges } from '../net/addressRange';
import { isPermission, type Permission } from '../shared/permissions';
import { apiKeyByLookup, type ApiKeyRecord } from '../tenancy/lookups';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import { hashesEqual, hashSecret, parseToken } from './token';

/** last_used_at is written at most this often per key: a busy key costs no write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyPrincipal = Extract<Principal, { type: 'apiKey' }>;

export type ApiKeyAuthentication = {
  principal: ApiKeyPrincipal;
  creatorMembershipId: string;
  /** The key's scopes the creator still holds. */
  permissions: Permission[];
  /** Of those, the ones the creator holds only under conditions → their sources. */
  conditions: Partial<Record<Permission, string[]>>;
  /** What decisions read (`decide(access, permission, resource)`), with the creator as the condition principal. */
  access: AccessSubject;
};

export type ApiKeyRequest = { token: string; ip: string | null; now?: Date };

function assertSecretValid(key: ApiKeyRecord, secret: string, now: Date): void {
  const hash = hashSecret(secret);
  if (hashesEqual(hash, key.secretHash)) return;
  if (!hashesEqual(hash, key.previousSecretHash)) throw new AppError('API_KEY_UNKNOWN');
  if (!key.previousValidUntil || key.previousValidUntil <= now) throw new AppError('API_KEY_ROTATED_OUT');
}

function assertUsable(key: ApiKeyRecord, ip: string | null, now: Date): void {
  if (key.revokedAt) throw new AppError('API_KEY_REVOKED');
  if (key.expiresAt && key.expiresAt <= now) throw new AppError('API_KEY_EXPIRED');
  if (key.creator.status !== 'active') throw new AppError('API_KEY_CREATOR_INACTIVE');
  if (key.ipAllowlist.length > 0 && (ip === null || !addressInRanges(ip, key.ipAllowlist))) {
    throw new AppError('API_KEY_IP_REFUSED');
  }
}

/** The effective grants: scopes ∩ the creator's current permissions, with the creator's conditions on them. */
export function effectiveGrants(
  scopes: readonly string[],
  creator: { permissions: readonly Permission[]; conditions: Partial<Record<Permission, string[]>> },
): { permissions: Permission[]; conditions: Partial<Record<Permission, string[]>> } {
  const held = new Set(creator.permissions);
  const permissions = scopes.filter((s): s is Permission => isPermission(s) && held.has(s)).sort();
  const conditions: Partial<Record<Permission, string[]>> = {};
  for (const permission of permissions) {
    const sources = creator.conditions[permission];
    if (sources) conditions[permission] = sources;
  }
  return { permissions, conditions };
}

async function touchLastUsed(key: ApiKeyRecord, principal: ApiKeyPrincipal, now: Date): Promise<void> {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await withTenant(key.orgId, principal, (tx) =>
    tx.execute(sql`update api_keys set last_used_at = now()
                    where org_id = ${key.orgId} and id = ${key.keyId}
                      and (last_used_at is null or last_used_at < now() - make_interval(secs => ${LAST_USED_RESOLUTION_MS / 1000}))`),
  );
}

export async function authenticateApiKey(request: ApiKeyRequest): Promise<ApiKeyAuthentication> {
  const now = request.now ?? new Date();
  const parsed = parseToken(request.token);
  if (!parsed) throw new AppError('API_KEY_MALFORMED');
  const key = await apiKeyByLookup(parsed.lookup);
  if (!key) throw new AppError('API_KEY_UNKNOWN');
  assertSecretValid(key, parsed.secret, now);
  assertUsable(key, request.ip, now);

  const principal: ApiKeyPrincipal = { type: 'apiKey', keyId: key.keyId, orgId: key.orgId, name: key.name };
  const { permissions, conditions } = effectiveGrants(key.scopes, key.creator);
  const access = accessSubjectOf({
    permissions,
    conditions,
    member: { id: key.creator.membershipId, email: key.creator.email, attributes: key.creator.attributes },
    request: { ip: request.ip, now, timezone: key.orgTimezone },
  });
  await touchLastUsed(key, principal, now);
  return { principal, creatorMembershipId: key.creator.membershipId, permissions, conditions, access };
}
