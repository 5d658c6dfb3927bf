/**
 * An integrator's first hour with the REST API: an Admin makes a key on the API keys page, follows
 * the link to the API reference (rendered from /api/v1/openapi.json under the portal's CSP, no
 * console errors), and the key then pulls the whole audit trail, making of the key included.
 */
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { expect, test } from './support/test';

test('an admin makes an API key, opens the API reference and pulls the audit trail with the key', async ({ page }) => {
  const name = `SIEM ${Date.now().toString(36)}`;
  await logInByApi(page.context(), DEMO.admin);
  await openPage(page, `/o/${DEMO_ORG.slug}/api-keys`);
  const form = page.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('checkbox', { name: /audit:read/ }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const token = await page.getByTestId('api-key-token').inputValue();

  await page.getByRole('link', { name: 'read the API reference' }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole('heading', { name: 'Atrium API reference', level: 1 })).toBeVisible();
  // swagger-ui has drawn the document: the SIEM's endpoint is listed under its tag.
  await expect(page.locator('#api-reference').getByText('/audit-events', { exact: true }).first()).toBeVisible();
  await expect(page.locator('#api-reference').getByText('Members', { exact: true }).first()).toBeVisible();

  // Poll as a SIEM does: pages after the cursor until there is no more.
  const actions: string[] = [];
  let cursor = '';
  for (let hasMore = true; hasMore;) {
    const pull = await page.request.get(`/api/v1/audit-events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pull.status()).toBe(200);
    expect(pull.headers()['ratelimit-limit']).toBeTruthy();
    const batch = (await pull.json()) as { items: { action: string }[]; nextCursor: string; hasMore: boolean };
    actions.push(...batch.items.map((event) => event.action));
    cursor = batch.nextCursor;
    hasMore = batch.hasMore;
  }
  expect(actions).toContain('apiKey.create');

  const refused = await page.request.get('/api/v1/members', { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('PERMISSION_MISSING');
});
