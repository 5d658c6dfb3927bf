/**
 * The categories a person filters the activity feed by: a fixed map from a key to the resources
 * (the part of an event type before the first dot, as in eventPermissions.ts) it covers. The list
 * filters by them in SQL (service.ts); the browser matches live events against the same map.
 * Shared with the UI, so this module imports only zod and eventResources.ts: no database code may
 * reach the bundle.
 */
import { z } from 'zod';
import type { Permission } from '../authz/permissions';
import { permissionForResource, resourceOf } from './eventResources';

export const ACTIVITY_CATEGORIES = [
  { key: 'people', label: 'People', resources: ['member', 'invitation', 'team'] },
  { key: 'access', label: 'Access', resources: ['role'] },
  { key: 'organization', label: 'Organization', resources: ['org'] },
  { key: 'billing', label: 'Billing', resources: ['invoice', 'billing', 'subscription', 'payment', 'plan'] },
  { key: 'developers', label: 'Developers', resources: ['api_key', 'webhook'] },
  { key: 'security', label: 'Security', resources: ['sso', 'scim', 'audit'] },
  { key: 'support', label: 'Support', resources: ['ticket'] },
  { key: 'usage', label: 'Usage', resources: ['usage'] },
] as const satisfies readonly { key: string; label: string; resources: readonly string[] }[];

export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];
export type ActivityCategoryKey = ActivityCategory['key'];

const KEYS = ACTIVITY_CATEGORIES.map((category) => category.key) as [ActivityCategoryKey, ...ActivityCategoryKey[]];

export const ZActivityCategoryKey = z.enum(KEYS, {
  errorMap: () => ({ message: `Not an activity category (one of ${KEYS.join(', ')})` }),
});

/** The resources the given categories cover, sorted and without repeats (stable SQL). */
export function resourcesOfCategories(keys: readonly ActivityCategoryKey[]): string[] {
  const resources = ACTIVITY_CATEGORIES.filter((category) => keys.includes(category.key)).flatMap(
    (category) => category.resources,
  );
  return [...new Set<string>(resources)].sort();
}

/** Whether an event type belongs to one of the categories; no categories means every event. */
export function isInActivityCategories(type: string, keys: readonly ActivityCategoryKey[]): boolean {
  if (keys.length === 0) return true;
  return resourcesOfCategories(keys).includes(resourceOf(type));
}

/** Whether a member holding these permissions could see any event of the category (else its filter is hidden). */
export function canSeeActivityCategory(category: ActivityCategory, can: (permission: Permission) => boolean): boolean {
  return category.resources.some((resource) => can(permissionForResource(resource)));
}
