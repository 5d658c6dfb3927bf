/**
 * `apikey:create --org <slug> --name <name> --scopes <permission,…|all>`: creates an API key as the
 * org's first Owner (the longest-standing active one) and prints the token once. `all` is every
 * permission that Owner holds. It runs the same service and audit declaration as the tRPC
 * procedure, recorded with the CLI as the actor; the token is printed, never logged or stored.
 */
import { and, asc, eq } from 'drizzle-orm';
import { memberRoles, memberships, roles } from '../../db/schema';
import { API_KEY_AUDIT } from '../apiKeys/audit';
import type { ApiKeyWithToken, CreateApiKeyInput } from '../apiKeys/schemas';
import { createApiKey, type ApiKeyActor } from '../apiKeys/service';
import { runAuditedAction } from '../audit/auditedAction';
import { memberGrants } from '../authz/actorPower';
import { AppError } from '../errors';
import { logger } from '../logger';
import type { Permission } from '../shared/permissions';
import type { Principal } from '../tenancy/principal';
import type { Tx } from '../tenancy/withTenant';
import { orgIdBySlug } from './auditVerify';

const CLI_PRINCIPAL: Principal = { type: 'system', name: 'cli:apikey:create' };

/** The org's first active Owner, with every permission they hold: who a CLI-made key acts for. */
async function firstOwner(tx: Tx, orgId: string): Promise<ApiKeyActor> {
  const [owner] = await tx
    .select({ membershipId: memberships.id, userId: memberships.userId })
    .from(memberships)
    .innerJoin(memberRoles, and(eq(memberRoles.orgId, memberships.orgId), eq(memberRoles.membershipId, memberships.id)))
    .innerJoin(roles, and(eq(roles.orgId, memberRoles.orgId), eq(roles.id, memberRoles.roleId)))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, 'active'), eq(roles.systemKey, 'owner')))
    .orderBy(asc(memberships.createdAt), asc(memberships.id))
    .limit(1);
  if (!owner) throw new AppError('NOT_FOUND', 'The organization has no active Owner to create the key for');
  const grants = await memberGrants(tx, orgId, owner.membershipId);
  return {
    orgId,
    userId: owner.userId,
    membershipId: owner.membershipId,
    permissions: new Set(grants.keys()),
    conditions: Object.fromEntries([...grants].filter(([, c]) => c.length > 0)),
  };
}

export type CliApiKeyRequest = Omit<CreateApiKeyInput, 'scopes'> & { scopes: Permission[] | 'all' };

export async function createApiKeyFromCli(slug: string, request: CliApiKeyRequest): Promise<ApiKeyWithToken> {
  const orgId = await orgIdBySlug(slug);
  const rawInput = { ...request, scopes: request.scopes === 'all' ? 'all' : [...request.scopes] };
  return runAuditedAction(
    {
      path: 'cli:apikey:create',
      declaration: API_KEY_AUDIT.create,
      principal: CLI_PRINCIPAL,
      request: { ip: null, userAgent: 'atrium-cli', requestId: null },
      rawInput,
      orgId,
      log: logger,
    },
    async (tx) => {
      const owner = await firstOwner(tx, orgId);
      const scopes = request.scopes === 'all' ? [...owner.permissions].sort() : request.scopes;
      return createApiKey(tx, owner, { ...request, scopes });
    },
  );
}
