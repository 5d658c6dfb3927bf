/**
 * API keys as an Admin meets them: a refused form explains itself next to the fields; a created
 * key's token is shown exactly once (gone after the next action and after a reload); rotating
 * shows a new token once; revoking asks first and turns the key to Revoked; deleting removes it.
 * A key's usage opens under its card: empty until requests are counted, then a chart by hour or by
 * day with the same numbers in words, the range picked with the mouse or the arrow keys, on a phone.
 */
import type { Page } from '@playwright/test';
import { seedKeyUsage } from './support/apiKeyUsage';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { expect, test } from './support/test';

const TOKEN = /^atr_[a-z2-7]{16}_[\w-]{43}$/;

test('an admin creates an API key, sees the token once, rotates and revokes it', async ({ page }) => {
  const name = `CRM sync ${Date.now().toString(36)}`;
  await logInByApi(page.context(), DEMO.admin);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).first().click();
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();

  // Refusals are explained next to their fields, and the draft is kept.
  const form = page.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('IP allowlist (optional)').fill('10.0.0.0/8\nnot-an-address');
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Choose at least one scope' })).toBeVisible();
  await expect(
    form.getByRole('alert').filter({ hasText: 'not-an-address is not an IP address or CIDR range' }),
  ).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue(name);

  await form.getByLabel('IP allowlist (optional)').fill('');
  await form.getByRole('checkbox', { name: /users:read/ }).check();
  await form.getByRole('checkbox', { name: /audit:read/ }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByText('you will not see it again')).toBeVisible();
  const token = await page.getByTestId('api-key-token').inputValue();
  expect(token).toMatch(TOKEN);
  const lookup = token.split('_')[1]!;

  const card = page.getByTestId('api-key').filter({ has: page.getByRole('heading', { name }) });
  await expect(card.getByText(`atr_${lookup}_…`)).toBeVisible();
  await expect(card.getByText('2 scopes')).toBeVisible();
  await expect(card.getByText('Active')).toBeVisible();
  await expect(card.getByText('Never').first()).toBeVisible();

  // Once means once: a reload shows the key but not its token.
  await page.reload();
  await expect(card.getByText(`atr_${lookup}_…`)).toBeVisible();
  await expect(page.getByTestId('api-key-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  // Rotate with a grace period: a new token, once; the old one works until the grace ends.
  await card.getByText('Rotate…').click();
  await card.getByLabel('The current token').selectOption({ label: 'Keep the old token working for 1 hour' });
  await card.getByRole('button', { name: `Rotate ${name}` }).click();
  await expect(card.getByRole('status').filter({ hasText: `Rotated ${name}` })).toBeVisible();
  const rotated = await page.getByTestId('api-key-token').inputValue();
  expect(rotated).toMatch(TOKEN);
  expect(rotated).not.toBe(token);
  await expect(card.getByText(/The token replaced by the last rotation works until/)).toBeVisible();

  // Revoke asks first, then the key is Revoked and can no longer be rotated.
  await card.getByText('Revoke…').click();
  await expect(card.getByText('Everything using this key stops working at once.')).toBeVisible();
  await card.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(card.getByRole('status').filter({ hasText: `Revoked ${name}` })).toBeVisible();
  await expect(card.getByText('Revoked', { exact: true })).toBeVisible();
  await expect(card.getByText('Rotate…')).toHaveCount(0);
  await expect(page.getByTestId('api-key-token')).toHaveCount(0);

  // A key nobody used is deleted without typing its name.
  await card.getByRole('button', { name: `Delete ${name}` }).click();
  await card.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The key was deleted.' })).toBeVisible();
  await expect(card).toHaveCount(0);
});

async function createKey(page: Page, name: string): Promise<string> {
  const form = page.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('checkbox', { name: /users:read/ }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const token = await page.getByTestId('api-key-token').inputValue();
  expect(token).toMatch(TOKEN);
  return token.split('_')[1]!;
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("an admin reads a key's usage by day and by hour", async ({ page }) => {
    const name = `Billing export ${Date.now().toString(36)}`;
    await logInByApi(page.context(), DEMO.admin);
    await openPage(page, `/o/${DEMO_ORG.slug}/api-keys`);
    const lookup = await createKey(page, name);
    const card = page.getByTestId('api-key').filter({ has: page.getByRole('heading', { name }) });

    // A new key has no requests: the panel says so for the default week.
    await card.getByText('Usage', { exact: true }).click();
    await expect(card.getByRole('radio', { name: '7 days' })).toBeChecked();
    await expect(card.getByText('No requests in the last 7 days.')).toBeVisible();

    await seedKeyUsage(lookup, [
      { hoursAgo: 2, ok: 5, limited: 1 },
      { hoursAgo: 3 * 24, ok: 10, clientErrors: 2, serverErrors: 1 },
      { hoursAgo: 45 * 24, ok: 99 }, // older than every range
    ]);

    await card.getByText('30 days').click();
    const summary = card.getByTestId('api-key-usage-summary');
    await expect(summary).toHaveText(
      '19 requests in the last 30 days: 15 succeeded, 2 client errors, 1 server error, 1 rate limited.',
    );
    await expect(card.getByRole('img', { name: new RegExp(`^Requests with ${name}: 19 requests`) })).toBeVisible();
    // Bars are drawn for the two days that had requests (empty buckets draw nothing).
    await expect(card.locator('.recharts-bar-rectangle rect[height]:not([height="0"])').first()).toBeVisible();

    // The range picker is a radio group: the arrow keys move through it.
    await card.getByRole('radio', { name: '30 days' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect(card.getByRole('radio', { name: '7 days' })).toBeChecked();
    await expect(summary).toHaveText(
      '19 requests in the last 7 days: 15 succeeded, 2 client errors, 1 server error, 1 rate limited.',
    );
    await page.keyboard.press('ArrowLeft');
    await expect(card.getByRole('radio', { name: '24 hours' })).toBeChecked();
    await expect(summary).toHaveText(
      '6 requests in the last 24 hours: 5 succeeded, 0 client errors, 0 server errors, 1 rate limited.',
    );
    await expect(card.getByText('Hours in UTC.')).toBeVisible();

    // Nothing sticks out sideways at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
