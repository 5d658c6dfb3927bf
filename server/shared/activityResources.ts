/**
 * The resource of an activity event — the part of its dotted type before the first dot
 * ('invoice.paid' → 'invoice') — and the permission a reader needs for it beyond the feed's own
 * activity:read (eventPermissions.ts applies it). Shared with the browser, which hides the
 * Activity page's filters a member could never match: no database code here.
 */
import type { Permission } from './permissions';

/** Resource of an event type → the permission needed to read it; any other resource needs only activity:read. */
export const ACTIVITY_EVENT_PERMISSIONS = {
  invoice: 'invoices:read',
  billing: 'billing:read',
  subscription: 'billing:read',
  payment: 'billing:read',
  plan: 'billing:read',
  member: 'users:read',
  invitation: 'users:read',
  team: 'users:read',
  // Role definitions (created, updated, deleted); a member's roles changing is 'member.roles_changed'.
  role: 'roles:read',
  api_key: 'api_keys:read',
  webhook: 'webhooks:read',
  usage: 'usage:read',
  sso: 'sso:manage',
  scim: 'scim:manage',
  ticket: 'support:read',
  audit: 'audit:read',
} as const satisfies Record<string, Permission>;

export type ActivityResource = keyof typeof ACTIVITY_EVENT_PERMISSIONS;

/** 'invoice.paid' → 'invoice'; a type without a dot is its own resource. */
export function resourceOf(type: string): string {
  const dot = type.indexOf('.');
  return dot === -1 ? type : type.slice(0, dot);
}

/** The permission needed for events of a resource (e.g. 'invoice'). */
export function permissionForResource(resource: string): Permission {
  return Object.hasOwn(ACTIVITY_EVENT_PERMISSIONS, resource)
    ? ACTIVITY_EVENT_PERMISSIONS[resource as ActivityResource]
    : 'activity:read';
}
