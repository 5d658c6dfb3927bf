import { describe, expect, it } from 'vitest';
import type { Permission } from './permissions';
import { ACTIVITY_CATEGORIES, canSeeActivityCategory, isInActivityCategories } from './activityCategories';

const category = (key: string) => ACTIVITY_CATEGORIES.find((c) => c.key === key)!;
const holding =
  (...held: Permission[]) =>
  (permission: Permission) =>
    held.includes(permission);

describe('activity categories', () => {
  it('shows a category only to members who may read some of its events', () => {
    const feedOnly = holding('activity:read');
    expect(canSeeActivityCategory(category('organization'), feedOnly)).toBe(true);
    expect(canSeeActivityCategory(category('billing'), feedOnly)).toBe(false);
    expect(canSeeActivityCategory(category('people'), feedOnly)).toBe(false);

    // Support does nothing yet: hidden whatever one holds. Usage raises quota alerts.
    const everything = () => true;
    const shown = ACTIVITY_CATEGORIES.filter((c) => canSeeActivityCategory(c, everything)).map((c) => c.key);
    expect(shown).toEqual(['people', 'access', 'organization', 'billing', 'developers', 'security', 'usage']);
    expect(canSeeActivityCategory(category('billing'), holding('activity:read', 'billing:read'))).toBe(true);
    // API key and webhook events: shown to whoever may read either.
    expect(canSeeActivityCategory(category('developers'), holding('activity:read', 'webhooks:read'))).toBe(true);
    expect(canSeeActivityCategory(category('developers'), feedOnly)).toBe(false);
    expect(canSeeActivityCategory(category('people'), holding('activity:read', 'users:read'))).toBe(true);
  });

  it('matches an event type by its resource, the whole type when it has no dot', () => {
    expect(isInActivityCategories('invoice.paid', ['billing'])).toBe(true);
    expect(isInActivityCategories('member.joined', ['billing'])).toBe(false);
    expect(isInActivityCategories('org', ['organization'])).toBe(true);
    expect(isInActivityCategories('anything.at_all', [])).toBe(true);
  });
});
