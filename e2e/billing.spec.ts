/**
 * Billing, as people live it. The owner of a new organization sees it on Free, upgrades to Team
 * and is sent to Stripe Checkout (intercepted: the server talks to the Stripe stand-in that
 * e2e/start-server.mjs runs, which hands out checkout.stripe.com URLs), then comes back to a page
 * that says the plan updates once Stripe confirms. A Viewer has no Billing entry and is refused
 * the page. An admin who invites past the Free plan's seats is refused with a link to upgrade.
 */
import AxeBuilder from '@axe-core/playwright';
import { inviteByApi } from './support/invitations';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi, newPerson, signUpByApi } from './support/people';
import { expect, test } from './support/test';

const CHECKOUT = /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_\w+$/;

test('the owner sees the Free plan, upgrades to Team and lands on Stripe Checkout, then is told the plan follows payment', async ({
  page,
}) => {
  const owner = newPerson('Billing Owner');
  const orgSlug = await signUpByApi(page.context(), owner);
  // Stripe's page, stood in for; its own favicon link keeps Chromium from asking the real host.
  await page.route('https://checkout.stripe.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<title>Stripe Checkout</title><link rel="icon" href="data:,"><h1>Pay Atrium</h1>',
    }),
  );

  await openPage(page, `/o/${orgSlug}`);
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Billing' }).click();
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  await expect(page.getByTestId('current-plan-name')).toHaveText('Free');
  await expect(page.getByTestId('seats-used')).toHaveText('1 of 5 in use');
  await expect(page.getByRole('progressbar', { name: 'Seats' })).toHaveAttribute('aria-valuenow', '1');
  await expect(page.getByRole('heading', { name: 'Included in Free' })).toBeVisible();
  await expect(page.getByTestId('connect-stripe')).toHaveCount(0);
  await expect(page.getByTestId('plan-enterprise').getByRole('link', { name: 'Contact sales' })).toHaveAttribute(
    'href',
    /^mailto:/,
  );

  // Keyboard: focus the Team upgrade button and press Enter.
  const upgrade = page.getByTestId('plan-team').getByRole('button', { name: 'Upgrade to Team' });
  await upgrade.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(CHECKOUT);
  await expect(page.getByRole('heading', { name: 'Pay Atrium' })).toBeVisible();

  // Back from Checkout, on a phone: the page fits the screen and axe finds nothing serious.
  await page.setViewportSize({ width: 390, height: 900 });
  await openPage(page, `/o/${orgSlug}/billing?checkout=success`);
  await expect(page.getByText('Your plan will update as soon as Stripe confirms the payment.')).toBeVisible();
  // Nothing changes before Stripe's event: still Free.
  await expect(page.getByTestId('current-plan-name')).toHaveText('Free');
  const width = await page.evaluate(() => ({
    scroll: document.scrollingElement?.scrollWidth ?? 0,
    inner: window.innerWidth,
  }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('a Viewer has no Billing entry and is refused the billing page', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  const nav = page.getByRole('navigation', { name: 'Organization' });
  await expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Billing' })).toHaveCount(0);
  const response = await openPage(page, `/o/${DEMO_ORG.slug}/billing`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Upgrade/ })).toHaveCount(0);
});

test('inviting past the Free plan’s seats is refused with a link to upgrade, which opens the billing page', async ({
  page,
}) => {
  const owner = newPerson('Seat Owner');
  const orgSlug = await signUpByApi(page.context(), owner);
  const invitees = Array.from({ length: 4 }, (_, i) => newPerson(`Seat Guest ${i}`).email);
  await inviteByApi(page.context().request, orgSlug, invitees);

  await openPage(page, `/o/${orgSlug}/invitations`);
  await page.getByLabel('Email addresses').fill(newPerson('One Too Many').email);
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Your Free plan includes 5 seats' });
  await expect(refusal).toBeVisible();
  const upgrade = refusal.getByRole('link', { name: 'Upgrade to Team for 25 seats' });
  await upgrade.click();
  await expect(page).toHaveURL(new RegExp(`/o/${orgSlug}/billing$`));
  await expect(page.getByTestId('seats-used')).toHaveText('5 of 5 in use');
});

test('the owner sets the audit retention within what the Free plan keeps', async ({ page }) => {
  const owner = newPerson('Retention Owner');
  const orgSlug = await signUpByApi(page.context(), owner);
  await openPage(page, `/o/${orgSlug}/settings`);
  await page.getByRole('link', { name: 'Audit retention' }).click();
  await expect(page.getByRole('heading', { name: 'Audit retention', level: 1 })).toBeVisible();
  await expect(page.getByTestId('retention-max')).toHaveText('Between 30 and 30 days on the Free plan.');
  const days = page.getByLabel('Keep audit events for (days)');
  await expect(days).toHaveAttribute('max', '30');
  await days.fill('30');
  await page.getByRole('button', { name: 'Save retention' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Audit events are now kept for 30 days.' })).toBeVisible();
});
