/**
 * The Activity page's filters live in the URL (`?categories=billing,people&person=<user id>`), so a
 * filtered view is a link and the back button undoes a change. Values the URL cannot mean are
 * dropped, not an error page. Live events are matched in the browser with the same category map
 * the list uses in SQL (server/shared/activityCategories.ts).
 */
import type { ActivityEvent } from '../../../server/shared/activityEvent';
import {
  ACTIVITY_CATEGORIES,
  isInActivityCategories,
  type ActivityCategoryKey,
} from '../../../server/shared/activityCategories';

export type ActivityFilterState = { categories: ActivityCategoryKey[]; actorUserId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function activityFiltersFromSearch(search: URLSearchParams): ActivityFilterState {
  const asked = new Set(search.get('categories')?.split(',') ?? []);
  // In the map's order, so the same choice is always the same query (and cache entry).
  const categories = ACTIVITY_CATEGORIES.map((c) => c.key).filter((key) => asked.has(key));
  const person = search.get('person') ?? '';
  return UUID.test(person) ? { categories, actorUserId: person.toLowerCase() } : { categories };
}

/** The activity.list input for a page of the filtered feed (the page's loader and the browser ask alike). */
export function activityListInput(orgSlug: string, limit: number, filters: ActivityFilterState) {
  const { categories, actorUserId } = filters;
  return { orgSlug, limit, ...(categories.length ? { categories } : {}), ...(actorUserId ? { actorUserId } : {}) };
}

/** `search` with the filters replaced by `filters` (other parameters kept). */
export function searchWithActivityFilters(search: URLSearchParams, filters: ActivityFilterState): URLSearchParams {
  const next = new URLSearchParams(search);
  if (filters.categories.length) next.set('categories', filters.categories.join(','));
  else next.delete('categories');
  if (filters.actorUserId) next.set('person', filters.actorUserId);
  else next.delete('person');
  return next;
}

export function toggleCategory(filters: ActivityFilterState, key: ActivityCategoryKey): ActivityFilterState {
  const categories = filters.categories.includes(key)
    ? filters.categories.filter((k) => k !== key)
    : ACTIVITY_CATEGORIES.map((c) => c.key).filter((k) => k === key || filters.categories.includes(k));
  return { ...filters, categories };
}

export function hasActivityFilters(filters: ActivityFilterState): boolean {
  return filters.categories.length > 0 || filters.actorUserId !== undefined;
}

/** Whether a live event belongs in the filtered list (the list applies the same rules in SQL). */
export function matchesActivityFilters(event: ActivityEvent, filters: ActivityFilterState): boolean {
  if (filters.actorUserId && event.actor?.userId.toLowerCase() !== filters.actorUserId) return false;
  return isInActivityCategories(event.type, filters.categories);
}
