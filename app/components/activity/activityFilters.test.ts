import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../server/shared/activityEvent';
import {
  activityFiltersFromSearch,
  matchesActivityFilters,
  searchWithActivityFilters,
  toggleCategory,
} from './activityFilters';

const ADA = '0b6c2a8e-1d2f-4c3b-9a4e-5f6a7b8c9d0e';
const BO = '1c7d3b9f-2e30-4d4c-8b5f-6a7b8c9d0e1f';

function event(type: string, actorUserId: string | null = ADA): ActivityEvent {
  return {
    id: 1,
    type,
    actor: actorUserId ? { userId: actorUserId, name: 'Ada' } : null,
    data: {},
    createdAt: '2025-01-01T12:00:00.000Z',
  };
}

describe('activity filters in the URL', () => {
  it('reads known categories in the map’s order and a well-formed person; drops the rest', () => {
    const search = new URLSearchParams(`categories=support,payroll,billing&person=${ADA.toUpperCase()}`);
    expect(activityFiltersFromSearch(search)).toEqual({ categories: ['billing', 'support'], actorUserId: ADA });
    expect(activityFiltersFromSearch(new URLSearchParams('person=nobody'))).toEqual({ categories: [] });
  });

  it('writes the filters back, keeping other parameters, and toggles a category', () => {
    const search = new URLSearchParams('categories=billing&person=x&tab=1');
    const withPeople = toggleCategory({ categories: ['billing'] }, 'people');
    expect(withPeople).toEqual({ categories: ['people', 'billing'] });
    expect(searchWithActivityFilters(search, withPeople).toString()).toBe('categories=people%2Cbilling&tab=1');
    expect(toggleCategory(withPeople, 'people')).toEqual({ categories: ['billing'] });
  });
});

describe('matchesActivityFilters (live events)', () => {
  it('matches an event by the resource before the first dot, like the list’s SQL', () => {
    const billing = { categories: ['billing' as const] };
    expect(matchesActivityFilters(event('invoice.paid'), billing)).toBe(true);
    expect(matchesActivityFilters(event('billing.plan.changed'), billing)).toBe(true);
    expect(matchesActivityFilters(event('org.updated'), billing)).toBe(false);
    // Resources are whole words: 'invoices' is not 'invoice', and a type without a dot is its own resource.
    expect(matchesActivityFilters(event('invoices.paid'), billing)).toBe(false);
    expect(matchesActivityFilters(event('usage'), { categories: ['usage'] })).toBe(true);
  });

  it('matches every event without filters and only the chosen person’s with one', () => {
    expect(matchesActivityFilters(event('anything.at_all', null), { categories: [] })).toBe(true);
    expect(matchesActivityFilters(event('role.created', ADA), { categories: ['access'], actorUserId: ADA })).toBe(true);
    expect(matchesActivityFilters(event('role.created', BO), { categories: ['access'], actorUserId: ADA })).toBe(false);
    expect(matchesActivityFilters(event('role.created', null), { categories: [], actorUserId: ADA })).toBe(false);
  });
});
