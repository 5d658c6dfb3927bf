/**
 * System roles, copied into every organization at creation: Owner ⊃ Admin ⊃ Member ⊃ Viewer,
 * plus Billing (Viewer plus billing, invoices and usage). Immutable.
 */
import { ALL_PERMISSIONS, type Permission } from '../shared/permissions';

export type SystemRoleKey = 'owner' | 'admin' | 'member' | 'viewer' | 'billing';

const VIEWER: Permission[] = ['org:read', 'users:read', 'roles:read', 'activity:read', 'support:read'];
const MEMBER: Permission[] = [...VIEWER, 'support:create', 'usage:read', 'api_keys:read', 'webhooks:read'];
const ADMIN: Permission[] = ALL_PERMISSIONS.filter((p) => p !== 'billing:manage');
const BILLING: Permission[] = [...VIEWER, 'billing:read', 'billing:manage', 'invoices:read', 'usage:read'];

export const SYSTEM_ROLES: Record<SystemRoleKey, { name: string; description: string; permissions: Permission[] }> = {
  owner: { name: 'Owner', description: 'Full control, including billing and ownership', permissions: ALL_PERMISSIONS },
  admin: { name: 'Admin', description: 'Manages people, roles, settings and integrations', permissions: ADMIN },
  member: { name: 'Member', description: 'Works in the portal and opens support tickets', permissions: MEMBER },
  viewer: { name: 'Viewer', description: 'Read-only access', permissions: VIEWER },
  billing: { name: 'Billing', description: 'Viewer plus billing, invoices and usage', permissions: BILLING },
};
export const SYSTEM_ROLE_KEYS = Object.keys(SYSTEM_ROLES) as SystemRoleKey[];
