/**
 * The audit declarations of the webhook actions, shared by every transport that runs them (the
 * tRPC router, the CLI). An endpoint's before/after is its snapshot (endpointQueries.ts): URL,
 * description, event types and whether it is on — never the signing secret, sealed or not.
 */
import { fromInput, type AuditDeclaration, type AuditIdSource } from '../audit/declaration';
import { endpointSnapshot } from './endpointQueries';
import { ZEndpointId } from './schemas';

const endpointAction = (action: string, id: NonNullable<AuditDeclaration['id']>): AuditDeclaration => ({
  action,
  resource: 'webhook_endpoint',
  id,
  snapshot: endpointSnapshot,
});

/** Create returns `{ endpoint, secret }`: the id is the endpoint's (a failed create has none). */
function createdEndpointId({ output }: AuditIdSource): string | null {
  const id = (output as { endpoint?: { id?: unknown } } | undefined)?.endpoint?.id;
  return ZEndpointId.safeParse(id).success ? (id as string) : null;
}

export const WEBHOOK_AUDIT = {
  create: endpointAction('webhook.create', createdEndpointId),
  update: endpointAction('webhook.update', fromInput('id')),
  delete: endpointAction('webhook.delete', fromInput('id')),
  rotateSecret: endpointAction('webhook.rotateSecret', fromInput('id')),
  sendTest: { action: 'webhook.sendTest', resource: 'webhook_endpoint', id: fromInput('id') },
  replayFailed: { action: 'webhook.replayFailed', resource: 'webhook_endpoint', id: fromInput('endpointId') },
  replay: { action: 'webhook.replay', resource: 'webhook_delivery', id: fromInput('deliveryId') },
} as const satisfies Record<string, AuditDeclaration>;
