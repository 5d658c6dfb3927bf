/**
 * The permission catalogue: every `resource:action` the product knows. A string outside this
 * object is not a permission (the `Permission` type makes a typo a compile error). The
 * `permissions` table is synced from here on migrate.
 */
export const PERMISSIONS = {
  'org:read': 'View the organization profile',
  'org:update': 'Edit the organization profile',
  'users:read': 'View members',
  'users:invite': 'Invite people',
  'users:manage': 'Change, deactivate and remove members',
  'teams:manage': 'Create and edit teams',
  'roles:read': 'View roles',
  'roles:manage': 'Create, edit and assign roles',
  'billing:read': 'View plan and billing details',
  'billing:manage': 'Change plan and payment methods',
  'invoices:read': 'View and download invoices',
  'usage:read': 'View usage',
  'audit:read': 'View the audit trail',
  'audit:export': 'Export the audit trail',
  'api_keys:read': 'View API keys',
  'api_keys:manage': 'Create and revoke API keys',
  'webhooks:read': 'View webhook endpoints',
  'webhooks:manage': 'Create and edit webhook endpoints',
  'sso:manage': 'Configure single sign-on',
  'scim:manage': 'Configure SCIM provisioning',
  'support:read': 'View support tickets',
  'support:create': 'Open support tickets',
  'support:manage': 'Manage all support tickets',
  'activity:read': 'View the activity feed',
  'branding:manage': 'Edit branding',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
