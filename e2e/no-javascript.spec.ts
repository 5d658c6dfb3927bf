/**
 * The auth pages are plain HTML forms that Remix enhances; they must work before the JavaScript
 * has loaded (a slow connection, a click during hydration) and without it. Pages that read
 * (the Activity feed) render their first page on the server. Chromium sends a
 * native form POST with the Origin the page's Referrer-Policy allows, so this journey also
 * guards the server's security headers against refusing the app's own forms.
 */
import { expect, test, type Page } from './support/test';
import { DEMO, DEMO_ORG, DEMO_PASSWORD } from './support/people';

test.use({ javaScriptEnabled: false });

async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.member);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expect(response.status(), 'the sign-in POST').toBeLessThan(400);
}

test('a person signs in with JavaScript turned off and reaches their organization', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}$`));
  await expect(page.getByRole('main').getByText(`Welcome to ${DEMO_ORG.name}`)).toBeVisible();
});

test('the Activity page shows the latest events without JavaScript, filtered by the URL', async ({ page }) => {
  await signIn(page);
  await page.goto(`/o/${DEMO_ORG.slug}/activity`);
  const items = page.getByTestId('activity-item');
  await expect(items.first()).toBeVisible();
  await page.goto(`/o/${DEMO_ORG.slug}/activity?categories=organization`);
  await expect(items.first()).toBeVisible();
  for (const text of await items.allTextContents()) expect(text).not.toMatch(/joined/);
});
