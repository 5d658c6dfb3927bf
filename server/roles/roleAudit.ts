/**
 * What the roles mutations record in the audit trail: a role's or a membership's roles as they
 * stand before and after the change, read in the mutation's own transaction.
 */
import { fromInput, fromOutput, type AuditDeclaration, type SnapshotLoader } from '../audit/declaration';
import { getMemberRoles, getRole } from './roleServiceQueries';

const roleState: SnapshotLoader = async (tx, orgId, roleId) => {
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
};

const memberRolesState: SnapshotLoader = async (tx, orgId, membershipId) => {
  try {
    const held = await getMemberRoles(tx, orgId, membershipId);
    return { roles: held.roles.map((r) => r.name), effectivePermissions: held.effectivePermissions };
  } catch {
    return null;
  }
};

export const ROLE_AUDIT = {
  create: { action: 'roles.create', resource: 'role', id: fromOutput('id'), snapshot: roleState },
  update: { action: 'roles.update', resource: 'role', id: fromInput('roleId'), snapshot: roleState },
  delete: { action: 'roles.delete', resource: 'role', id: fromInput('roleId'), snapshot: roleState },
  setMemberRoles: {
    action: 'roles.setMemberRoles',
    resource: 'membership',
    id: fromInput('membershipId'),
    snapshot: memberRolesState,
  },
} as const satisfies Record<string, AuditDeclaration>;
