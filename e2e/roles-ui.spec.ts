/**
 * What the navigation offers depends on the member's role: a Viewer is not shown Settings (and
 * the server refuses the page if they go there anyway); an Owner is shown it and can open it.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

test('a Viewer sees no Settings link in the navigation, and opening settings directly is refused', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}`);

  const nav = page.getByRole('navigation', { name: 'Organization' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /settings/i })).toHaveCount(0);

  const response = await page.goto(`/o/${DEMO_ORG.slug}/settings`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByLabel('Organization name')).toHaveCount(0);
});

test('an Owner sees the Settings link in the navigation and it opens the organization profile', async ({ page }) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${DEMO_ORG.slug}`);

  const settings = page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await settings.click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/settings$`));
  await expect(page.getByLabel('Organization name')).toHaveValue(/\S/);
});
