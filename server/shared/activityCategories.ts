/**
 * The categories a person filters the activity feed by: a fixed map from a key to the resources
 * (the part of an event type before the first dot, as in eventPermissions.ts) it covers. The list
 * filters by them in SQL (service.ts); the browser matches live events against the same map.
 * Shared with the UI, so this module imports only zod and its neighbours in server/shared: no database code may
 * reach the bundle.
 *
 * A category is offered (`isOffered`) only once its capability works: support and usage
 * are known — so their events and links still filter — but hidden until theirs lands.
 */
import { z } from 'zod';
import type { Permission } from './permissions';
import { permissionForResource, resourceOf } from './activityResources';

export const ACTIVITY_CATEGORIES = [
  { key: 'people', label: 'People', resources: ['member', 'invitation', 'team'], isOffered: true },
  { key: 'access', label: 'Access', resources: ['role'], isOffered: true },
  { key: 'organization', label: 'Organization', resources: ['org'], isOffered: true },
  {
    key: 'billing',
    label: 'Billing',
    resources: ['invoice', 'billing', 'subscription', 'payment', 'plan'],
    isOffered: true,
  },
  { key: 'developers', label: 'Developers', resources: ['api_key', 'webhook'], isOffered: true },
  // SSO and SCIM add their resources here when they land.
  { key: 'security', label: 'Security', resources: ['audit'], isOffered: true },
  { key: 'support', label: 'Support', resources: ['ticket'], isOffered: false },
  { key: 'usage', label: 'Usage', resources: ['usage'], isOffered: true },
] as const satisfies readonly { key: string; label: string; resources: readonly string[]; isOffered: boolean }[];

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

/**
 * Whether the category's filter is shown to a member holding these permissions: its capability
 * works and they could see some of its events.
 */
export function canSeeActivityCategory(category: ActivityCategory, can: (permission: Permission) => boolean): boolean {
  return category.isOffered && category.resources.some((resource) => can(permissionForResource(resource)));
}
