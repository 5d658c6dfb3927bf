/**
 * The permission catalogue: every `resource:action` the product knows. A string outside it is
 * not a permission (the `Permission` type makes a typo a compile error). The `permissions` table
 * is synced from the whole catalogue on migrate, and the system roles hold all of it.
 *
 * Only what works is offered: the role editor shows AVAILABLE_PERMISSIONS. The reserved ones
 * belong to capabilities that are not built yet; they stay known (so the database, the system
 * roles, seeded roles and conditions that name them stay valid) but are not offered until their
 * capability lands and moves its entries from RESERVED to AVAILABLE.
 */
const AVAILABLE = {
  'org:read': 'View the organization profile',
  'org:update': 'Edit the organization profile',
  'users:read': 'View members',
  'users:invite': 'Invite people',
  'users:manage': 'Change, deactivate and remove members',
  'teams:manage': 'Create and edit teams',
  'roles:read': 'View roles',
  'roles:manage': 'Create, edit and assign roles',
  'audit:read': 'View the audit trail',
  'audit:export': 'Export the audit trail',
  'activity:read': 'View the activity feed',
  'api_keys:manage': 'Create and revoke API keys',
  'webhooks:read': 'View webhook endpoints and their deliveries',
  'webhooks:manage': 'Create, edit and test webhook endpoints, rotate their secrets and replay deliveries',
  'billing:read': 'View plan and billing details',
  'billing:manage': 'Change plan and payment methods',
  'invoices:read': 'View and download invoices',
  'usage:read': 'View usage',
  'usage:report': 'Report usage events through the API',
} as const;

const RESERVED = {
  'api_keys:read': 'View API keys',
  'sso:manage': 'Configure single sign-on',
  'scim:manage': 'Configure SCIM provisioning',
  'support:read': 'View support tickets',
  'support:create': 'Open support tickets',
  'support:manage': 'Manage all support tickets',
  'branding:manage': 'Edit branding',
} as const;

export const PERMISSIONS = { ...AVAILABLE, ...RESERVED } as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** The permissions of capabilities that work today: what the role editor offers. */
export const AVAILABLE_PERMISSIONS = Object.keys(AVAILABLE) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
