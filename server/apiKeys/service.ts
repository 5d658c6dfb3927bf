/**
 * Creating, rotating, revoking and deleting API keys, in the caller's tenant transaction. A key
 * never holds a scope its creator lacks at creation (and at use, authenticate.ts narrows it to
 * what the creator still holds). The plaintext token leaves only in the result of create and
 * rotate; only its hash is written. Each change is an activity event (`api_key.*`, the shapes of
 * the webhook catalogue's examples, server/shared/webhookEvents.ts): the feed shows it and
 * webhooks carry it — the key's id and name, never its token.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { apiKeys } from '../../db/schema';
import { describePermissions, type RoleActor } from '../authz/actorPower';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { getApiKey } from './queries';
import {
  MAX_API_KEYS_PER_ORG,
  RECENT_USE_DAYS,
  type ApiKeyWithToken,
  type CreateApiKeyInput,
  type DeleteApiKeyInput,
  type RotateApiKeyInput,
} from './schemas';
import { formatToken, hashSecret, newLookup, newSecret } from './token';

export type ApiKeyActor = RoleActor & { membershipId: string };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function assertScopesHeld(actor: ApiKeyActor, scopes: CreateApiKeyInput['scopes']): void {
  const missing = [...new Set(scopes)].filter((scope) => !actor.permissions.has(scope)).sort();
  if (missing.length === 0) return;
  throw new AppError(
    'API_KEY_SCOPE_NOT_HELD',
    `A key can only have permissions you hold yourself; you do not hold: ${describePermissions(missing)}`,
    { field: 'scopes', missingPermissions: missing },
  );
}

async function recordKeyActivity(
  tx: Tx,
  orgId: string,
  actorUserId: string | null,
  type: 'api_key.created' | 'api_key.rotated' | 'api_key.revoked' | 'api_key.deleted',
  data: { keyId: string; name: string } & Record<string, unknown>,
): Promise<void> {
  await recordEvent(tx, { orgId, topic: 'activity', type, actorUserId, data });
}

async function lockKey(tx: Tx, orgId: string, keyId: string) {
  const [row] = await tx
    .select({
      name: apiKeys.name,
      lookup: apiKeys.lookup,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)))
    .for('update');
  if (!row) throw new AppError('API_KEY_NOT_FOUND');
  return row;
}

export async function createApiKey(
  tx: Tx,
  actor: ApiKeyActor,
  input: CreateApiKeyInput,
  now = new Date(),
): Promise<ApiKeyWithToken> {
  assertScopesHeld(actor, input.scopes);
  if (input.expiresAt && input.expiresAt <= now) {
    throw new AppError('INVALID_INPUT', 'The expiry must be in the future', { field: 'expiresAt' });
  }
  const [existing] = await tx.select({ n: count() }).from(apiKeys).where(eq(apiKeys.orgId, actor.orgId));
  if ((existing?.n ?? 0) >= MAX_API_KEYS_PER_ORG) {
    throw new AppError('INVALID_INPUT', `An organization can have at most ${MAX_API_KEYS_PER_ORG} API keys`, {
      limit: MAX_API_KEYS_PER_ORG,
    });
  }
  const lookup = newLookup();
  const secret = newSecret();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      orgId: actor.orgId,
      name: input.name,
      lookup,
      secretHash: hashSecret(secret),
      scopes: [...new Set(input.scopes)].sort(),
      creatorMembershipId: actor.membershipId,
      expiresAt: input.expiresAt,
      ipAllowlist: [...new Set(input.ipAllowlist)],
    })
    .returning({ id: apiKeys.id });
  const view = await getApiKey(tx, actor.orgId, row!.id);
  await recordKeyActivity(tx, actor.orgId, actor.userId, 'api_key.created', {
    keyId: view.id,
    name: view.name,
    scopes: view.scopes,
  });
  return { ...view, token: formatToken(lookup, secret) };
}

/** A new secret; the replaced one keeps working for `graceHours` (0: not at all). */
export async function rotateApiKey(
  tx: Tx,
  orgId: string,
  actorUserId: string | null,
  input: RotateApiKeyInput,
  now = new Date(),
): Promise<ApiKeyWithToken> {
  const key = await lockKey(tx, orgId, input.keyId);
  if (key.revokedAt) throw new AppError('API_KEY_IS_REVOKED');
  const secret = newSecret();
  // The replaced hash is kept even without a grace, so its use is refused as rotated out, not unknown.
  await tx
    .update(apiKeys)
    .set({
      secretHash: hashSecret(secret),
      previousSecretHash: sql`${apiKeys.secretHash}`,
      previousValidUntil: new Date(now.getTime() + input.graceHours * HOUR_MS),
      version: sql`${apiKeys.version} + 1`,
    })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, input.keyId)));
  const view = await getApiKey(tx, orgId, input.keyId);
  await recordKeyActivity(tx, orgId, actorUserId, 'api_key.rotated', {
    keyId: view.id,
    name: view.name,
    previousValidUntil: view.previousValidUntil?.toISOString() ?? null,
  });
  return { ...view, token: formatToken(key.lookup, secret) };
}

/** Stops the key at once (with any rotation grace); revoking a revoked key changes nothing. */
export async function revokeApiKey(tx: Tx, orgId: string, actorUserId: string | null, keyId: string) {
  const key = await lockKey(tx, orgId, keyId);
  if (!key.revokedAt) {
    await recordKeyActivity(tx, orgId, actorUserId, 'api_key.revoked', { keyId, name: key.name });
    await tx
      .update(apiKeys)
      .set({
        revokedAt: sql`now()`,
        previousSecretHash: null,
        previousValidUntil: null,
        version: sql`${apiKeys.version} + 1`,
      })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)));
  }
  return getApiKey(tx, orgId, keyId);
}

/** Deletes a key; one used in the last RECENT_USE_DAYS days only when `confirmName` is its name. */
export async function deleteApiKey(
  tx: Tx,
  orgId: string,
  actorUserId: string | null,
  input: DeleteApiKeyInput,
  now = new Date(),
): Promise<{ id: string }> {
  const key = await lockKey(tx, orgId, input.keyId);
  const recentlyUsed = key.lastUsedAt !== null && now.getTime() - key.lastUsedAt.getTime() < RECENT_USE_DAYS * DAY_MS;
  if (recentlyUsed && input.confirmName !== key.name) {
    throw new AppError(
      'API_KEY_CONFIRMATION_REQUIRED',
      `This key was used in the last ${RECENT_USE_DAYS} days; type its name to delete it`,
      { field: 'confirmName' },
    );
  }
  await tx.delete(apiKeys).where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, input.keyId)));
  await recordKeyActivity(tx, orgId, actorUserId, 'api_key.deleted', { keyId: input.keyId, name: key.name });
  return { id: input.keyId };
}
