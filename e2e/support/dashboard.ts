/**
 * Finding things on an organization's dashboard. The activity panel is a Tremor Card whose
 * "Activity" title is a <p>, not a heading, and the card is not a labelled region, so a person
 * using a screen reader cannot jump to it and a test cannot find it by role and name
 * (getByRole('region', { name: 'Activity' })). Until it is, its rows are found by the test id the
 * component puts on each of them. Keep that compromise here, in one place.
 */
import type { Locator, Page } from '@playwright/test';

/** The rows of the activity panel, newest first. */
export function activityItems(page: Page): Locator {
  return page.getByRole('main').getByTestId('activity-item');
}

/** The panel's connection badge once it is subscribed to the live feed. */
export function liveBadge(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /^Live$/ });
}

/** The org switcher button in the top bar, which names the current organization. */
export function orgSwitcher(page: Page, orgName: string | RegExp): Locator {
  const name = typeof orgName === 'string' ? `Organization: ${orgName}. Switch organization` : orgName;
  return page.getByRole('button', { name });
}
