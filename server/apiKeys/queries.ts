/** Reading API keys in the caller's tenant transaction: the list, one key, the audit snapshot. Never a hash. */
import { and, desc, eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { API_KEY_PREFIX } from './token';
import { ZApiKeyId, type ApiKeyView } from './schemas';

const VIEW_COLUMNS = {
  id: apiKeys.id,
  name: apiKeys.name,
  lookup: apiKeys.lookup,
  scopes: apiKeys.scopes,
  ipAllowlist: apiKeys.ipAllowlist,
  creatorMembershipId: apiKeys.creatorMembershipId,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  previousValidUntil: apiKeys.previousValidUntil,
  version: apiKeys.version,
};

type ViewRow = Omit<ApiKeyView, 'prefix' | 'status'> & { lookup: string };

function statusOf(row: ViewRow, now: Date): ApiKeyView['status'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'active';
}

function toView({ lookup, previousValidUntil, ...row }: ViewRow, now: Date): ApiKeyView {
  return {
    ...row,
    prefix: `${API_KEY_PREFIX}${lookup}`,
    status: statusOf({ lookup, previousValidUntil, ...row }, now),
    previousValidUntil: previousValidUntil && previousValidUntil > now ? previousValidUntil : null,
  };
}

export async function listApiKeys(tx: Tx, orgId: string, now = new Date()): Promise<{ keys: ApiKeyView[] }> {
  const rows = await tx
    .select(VIEW_COLUMNS)
    .from(apiKeys)
    .where(eq(apiKeys.orgId, orgId))
    .orderBy(desc(apiKeys.createdAt), apiKeys.id);
  return { keys: rows.map((row) => toView(row, now)) };
}

export async function findApiKey(tx: Tx, orgId: string, keyId: string, now = new Date()): Promise<ApiKeyView | null> {
  const [row] = await tx
    .select(VIEW_COLUMNS)
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)));
  return row ? toView(row, now) : null;
}

export async function getApiKey(tx: Tx, orgId: string, keyId: string): Promise<ApiKeyView> {
  const key = await findApiKey(tx, orgId, keyId);
  if (!key) throw new AppError('API_KEY_NOT_FOUND');
  return key;
}

/** The audit before/after of a key: what it may do and whether it works — nothing secret. */
export async function apiKeySnapshot(tx: Tx, orgId: string, keyId: string): Promise<unknown> {
  // The id comes from the raw input, read before validation: a non-uuid names no key.
  if (!ZApiKeyId.safeParse(keyId).success) return null;
  const key = await findApiKey(tx, orgId, keyId);
  if (!key) return null;
  const { name, scopes, ipAllowlist, status, expiresAt, revokedAt, previousValidUntil } = key;
  return { name, scopes, ipAllowlist, status, expiresAt, revokedAt, previousValidUntil };
}
