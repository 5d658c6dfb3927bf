/**
 * Sensitive actions — permission and role changes, invitations, exports, billing, API keys, SSO and
 * SCIM configuration, audit retention — carry their before and after state. Where the state can
 * be read back, a snapshot loader declared here reads it in the mutation's own transaction, before
 * the resolver runs and again after it; where it cannot (yet), the redacted request is the
 * "after". A service that calls auditChange() itself overrides both.
 */
import { getMemberRoles, getRole } from '../authz/roleServiceQueries';
import { getProfile } from '../orgs/service';
import type { Tx } from '../tenancy/withTenant';
import { retentionOf } from './retention';

type Input = Record<string, unknown>;

export type SnapshotSpec = {
  resourceType: string;
  /** The resource's id from the request, or (creates) from the result. */
  resourceId(input: Input, output: unknown): string | null;
  load(tx: Tx, orgId: string, resourceId: string): Promise<unknown>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidField(source: unknown, key: string): string | null {
  if (!source || typeof source !== 'object') return null;
  const value = (source as Input)[key];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

async function roleState(tx: Tx, orgId: string, roleId: string): Promise<unknown> {
  try {
    const role = await getRole(tx, orgId, roleId);
    return {
      name: role.name,
      description: role.description,
      grants: role.grants,
      parents: role.parents.map((p) => p.name),
      version: role.version,
    };
  } catch {
    return null;
  }
}

async function memberRolesState(tx: Tx, orgId: string, membershipId: string): Promise<unknown> {
  try {
    const held = await getMemberRoles(tx, orgId, membershipId);
    return { roles: held.roles.map((r) => r.name), effectivePermissions: held.effectivePermissions };
  } catch {
    return null;
  }
}

const role: SnapshotSpec = {
  resourceType: 'role',
  resourceId: (input, output) => uuidField(input, 'roleId') ?? uuidField(output, 'id'),
  load: roleState,
};

export const SNAPSHOTS: Readonly<Record<string, SnapshotSpec>> = {
  'roles.create': role,
  'roles.update': role,
  'roles.delete': role,
  'roles.setMemberRoles': {
    resourceType: 'membership',
    resourceId: (input) => uuidField(input, 'membershipId'),
    load: memberRolesState,
  },
  // The profile holds the billing address and tax id.
  'orgs.updateProfile': {
    resourceType: 'organization',
    resourceId: () => null,
    load: (tx, orgId) => getProfile(tx, orgId),
  },
  'audit.setRetention': {
    resourceType: 'organization',
    resourceId: () => null,
    load: (tx, orgId) => retentionOf(tx, orgId).then((days) => ({ retentionDays: days })),
  },
};

const SENSITIVE_PREFIXES = ['roles.', 'members.', 'invitations.', 'apiKeys.', 'billing.', 'sso.', 'scim.'];
const SENSITIVE_ACTIONS = new Set(['audit.export', 'audit.setRetention', 'orgs.updateProfile']);

export function isSensitiveAction(action: string): boolean {
  return SENSITIVE_ACTIONS.has(action) || SENSITIVE_PREFIXES.some((prefix) => action.startsWith(prefix));
}
