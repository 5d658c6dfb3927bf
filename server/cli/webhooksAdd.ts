/**
 * `webhooks:add --org <slug> --url <url> --events <type,…|*> [--description <text>]`: adds a
 * webhook endpoint to an org and prints its id and signing secret once. It runs the same service
 * (same URL rule, same limit) and audit declaration as the tRPC procedure, as the system
 * principal, recorded with the CLI as the actor; the secret is printed, never logged or stored.
 */
import { runAuditedAction } from '../audit/auditedAction';
import { logger } from '../logger';
import type { Principal } from '../tenancy/principal';
import { WEBHOOK_AUDIT } from '../webhooks/audit';
import { createEndpoint } from '../webhooks/endpoints';
import type { CreateEndpointInput, EndpointCreated } from '../webhooks/schemas';
import { orgIdBySlug } from './auditVerify';

const CLI_PRINCIPAL: Principal = { type: 'system', name: 'cli:webhooks:add' };

export async function addWebhookFromCli(slug: string, input: CreateEndpointInput): Promise<EndpointCreated> {
  const orgId = await orgIdBySlug(slug);
  return runAuditedAction(
    {
      path: 'cli:webhooks:add',
      declaration: WEBHOOK_AUDIT.create,
      principal: CLI_PRINCIPAL,
      request: { ip: null, userAgent: 'atrium-cli', requestId: null },
      rawInput: { ...input, eventTypes: [...input.eventTypes] },
      orgId,
      log: logger,
    },
    (tx) => createEndpoint(tx, orgId, input),
  );
}
