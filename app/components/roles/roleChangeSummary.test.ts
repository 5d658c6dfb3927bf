import { describe, expect, it } from 'vitest';
import type { RoleView } from '../../../server/roles/roleSchemas';
import { summarizeRoleChange } from './roleChangeSummary';

type Shown = Pick<RoleView, 'name' | 'description' | 'permissions' | 'grants' | 'parents'>;

function role(overrides: Partial<Shown> = {}): Shown {
  const permissions = overrides.permissions ?? ['org:read', 'support:read'];
  return {
    name: 'Support',
    description: 'First line',
    parents: [{ id: '00000000-0000-4000-8000-000000000001', name: 'Viewer' }],
    ...overrides,
    permissions,
    grants: overrides.grants ?? permissions.map((permission) => ({ permission, condition: null })),
  };
}

describe('summarizeRoleChange', () => {
  it('says in plain sentences what another admin changed', () => {
    const before = role();
    const after = role({
      name: 'Support (EU)',
      description: '',
      permissions: ['org:read', 'support:manage'],
      parents: [{ id: '00000000-0000-4000-8000-000000000002', name: 'Billing' }],
    });
    expect(summarizeRoleChange(before, after)).toEqual([
      'Renamed it from “Support” to “Support (EU)”.',
      'Removed the description.',
      'Added support:manage.',
      'Removed support:read.',
      'Now inherits from Billing.',
      'No longer inherits from Viewer.',
    ]);
  });

  it('names condition changes on grants', () => {
    const before = role({
      permissions: ['org:read', 'users:read', 'invoices:read'],
      grants: [
        { permission: 'invoices:read', condition: null },
        { permission: 'org:read', condition: 'inCidr(env.ip, "10.0.0.0/8")' },
        { permission: 'users:read', condition: 'resource.region == "eu"' },
      ],
    });
    const after = role({
      permissions: ['org:read', 'users:read', 'invoices:read', 'audit:read'],
      grants: [
        { permission: 'audit:read', condition: 'env.hour >= 9' },
        { permission: 'invoices:read', condition: 'resource.amount < 100' },
        { permission: 'org:read', condition: null },
        { permission: 'users:read', condition: 'resource.region == "us"' },
      ],
    });
    expect(summarizeRoleChange(before, after)).toEqual([
      'Added audit:read.',
      'audit:read is granted only when env.hour >= 9.',
      'Put a condition on invoices:read: resource.amount < 100.',
      'Removed the condition on org:read.',
      'Changed the condition on users:read to resource.region == "us".',
    ]);
  });

  it('falls back to the fields the server reported when the shown role already matches', () => {
    expect(summarizeRoleChange(role(), role(), ['permissions', 'parents'])).toEqual([
      'Changed the permissions and the roles it inherits from.',
    ]);
    expect(summarizeRoleChange(role(), role())).toEqual([]);
  });
});
