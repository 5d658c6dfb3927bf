/**
 * Rotating an endpoint's signing secret. During the overlap the replaced secret keeps signing
 * beside the new one (two `v1,` signatures per request), so a receiver can switch without a
 * failed delivery; overlap 0 drops it at once. A rotation during an overlap replaces the older
 * secret: only the one in use until now is kept.
 */
import { and, eq, sql } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import type { RotateSecretInput, SecretRotated } from './schemas';
import { newEndpointSecret, sealEndpointSecret } from './secret';

const HOUR_MS = 3_600_000;

export async function rotateEndpointSecret(
  tx: Tx,
  orgId: string,
  input: RotateSecretInput,
  now = new Date(),
): Promise<SecretRotated> {
  const secret = newEndpointSecret();
  const previousSecretExpiresAt =
    input.overlapHours > 0 ? new Date(now.getTime() + input.overlapHours * HOUR_MS) : null;
  const [saved] = await tx
    .update(webhookEndpoints)
    .set({
      sealedSecret: sealEndpointSecret(orgId, input.id, secret),
      // The right-hand side reads the row as it was: the secret being replaced.
      sealedPreviousSecret: previousSecretExpiresAt ? sql`${webhookEndpoints.sealedSecret}` : null,
      previousSecretExpiresAt,
      version: sql`${webhookEndpoints.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, input.id)))
    .returning({ id: webhookEndpoints.id });
  if (!saved) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return { secret, previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null };
}
