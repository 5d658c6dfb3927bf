/**
 * Creating, changing and deleting an org's webhook endpoints, in the caller's tenant transaction.
 * Every URL passes the URL rule (./urlRule.ts) when it is saved; every change is checked against
 * the version the caller saw. The signing secret leaves only in create's result (./secret.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { getEndpoint } from './endpointQueries';
import {
  MAX_ENDPOINTS_PER_ORG,
  type CreateEndpointInput,
  type EndpointCreated,
  type EndpointSummary,
  type UpdateEndpointInput,
} from './schemas';
import { newEndpointSecret, sealEndpointSecret } from './secret';
import { assertEndpointUrl } from './urlRule';

export const ENDPOINT_CONFLICT_MESSAGE = 'Someone else changed this endpoint; reload to see their changes';

/** ['*'] stays as is; a list is stored without repeats, in a stable order. */
function storedEventTypes(eventTypes: CreateEndpointInput['eventTypes']): string[] {
  return eventTypes[0] === '*' ? ['*'] : [...new Set(eventTypes)].sort();
}

export async function createEndpoint(tx: Tx, orgId: string, input: CreateEndpointInput): Promise<EndpointCreated> {
  await assertEndpointUrl(input.url);
  // Locking the org's row serialises concurrent creates, so two cannot both pass the limit; the
  // no-key lock leaves inserts that merely reference the org (every foreign key) unblocked.
  await tx.execute(sql`select 1 from organizations where id = ${orgId} for no key update`);
  const [existing] = await tx.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId));
  if ((existing?.n ?? 0) >= MAX_ENDPOINTS_PER_ORG) {
    throw new AppError(
      'INVALID_INPUT',
      `An organization can have at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints; delete one you no longer use`,
      { limit: MAX_ENDPOINTS_PER_ORG },
    );
  }
  const id = randomUUID();
  const secret = newEndpointSecret();
  await tx.insert(webhookEndpoints).values({
    orgId,
    id,
    url: input.url,
    description: input.description,
    eventTypes: storedEventTypes(input.eventTypes),
    isEnabled: input.isEnabled,
    disabledReason: input.isEnabled ? null : 'admin',
    sealedSecret: sealEndpointSecret(orgId, id, secret),
  });
  return { endpoint: await getEndpoint(tx, orgId, id), secret };
}

async function lockEndpoint(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select({ version: webhookEndpoints.version, isEnabled: webhookEndpoints.isEnabled })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
    .for('update');
  if (!row) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return row;
}

/**
 * Saves the fields given. Switching an endpoint on clears why it was off and its failure run, so
 * it is judged afresh; switching it off records that a person did it.
 */
export async function updateEndpoint(tx: Tx, orgId: string, input: UpdateEndpointInput): Promise<EndpointSummary> {
  const current = await lockEndpoint(tx, orgId, input.id);
  if (current.version !== input.version) throw new AppError('STALE_VERSION', ENDPOINT_CONFLICT_MESSAGE);
  if (input.url !== undefined) await assertEndpointUrl(input.url);
  const enabling = input.isEnabled === true && !current.isEnabled;
  const disabling = input.isEnabled === false && current.isEnabled;
  await tx
    .update(webhookEndpoints)
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: storedEventTypes(input.eventTypes) } : {}),
      ...(enabling ? { isEnabled: true, disabledReason: null, failingSince: null } : {}),
      ...(disabling ? { isEnabled: false, disabledReason: 'admin' } : {}),
      version: sql`${webhookEndpoints.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, input.id)));
  return getEndpoint(tx, orgId, input.id);
}

/** Deletes the endpoint with its deliveries and their attempts (the foreign keys cascade). */
export async function deleteEndpoint(tx: Tx, orgId: string, id: string): Promise<{ ok: true }> {
  const deleted = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return { ok: true };
}
