/**
 * Finding presence on a page: the dashboard's "Online now" region and its rows, and the bar above
 * a settings form that names the other people viewing or editing it.
 */
import type { Locator, Page } from '@playwright/test';

/** How long a live change may take to show on a loaded 2-core machine (as in the other live specs). */
export const LIVE_WAIT = { timeout: 12_000 };

export function onlineNow(page: Page): Locator {
  return page.getByRole('region', { name: 'Online now' });
}

/** The row of one person in "Online now". */
export function onlineMember(page: Page, name: string): Locator {
  return onlineNow(page).getByTestId('online-member').filter({ hasText: name });
}

export function presenceBar(page: Page): Locator {
  return page.getByTestId('presence-bar');
}
