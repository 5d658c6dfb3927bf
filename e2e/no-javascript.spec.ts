/**
 * The auth pages are plain HTML forms that Remix enhances; they must work before the JavaScript
 * has loaded (a slow connection, a click during hydration) and without it. Chromium sends a
 * native form POST with the Origin the page's Referrer-Policy allows, so this journey also
 * guards the server's security headers against refusing the app's own forms.
 */
import { expect, test } from '@playwright/test';
import { DEMO, DEMO_ORG, DEMO_PASSWORD } from './support/people';

test.use({ javaScriptEnabled: false });

test('a person signs in with JavaScript turned off and reaches their organization', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.member);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expect(response.status(), 'the sign-in POST').toBeLessThan(400);
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}$`));
  await expect(page.getByRole('main').getByText(`Welcome to ${DEMO_ORG.name}`)).toBeVisible();
});
