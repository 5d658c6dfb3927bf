/**
 * A Viewer can read the members directory but is offered nothing to manage: no Invitations in the
 * navigation, no profile form, roles editor or lifecycle actions on a member's page. Forging the
 * call the Deactivate button would make, from the Viewer's own signed-in browser, is refused by
 * the server with FORBIDDEN (HTTP 403).
 */
import { expect, test } from './support/test';
import { E2E_BASE_URL } from './support/env';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

test('a Viewer sees no member management, and a forged members.deactivate is FORBIDDEN', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}/members`);
  const nav = page.getByRole('navigation', { name: 'Organization' });
  await expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Invitations' })).toHaveCount(0);

  const memberLink = page.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Mia Member' });
  const href = await memberLink.getAttribute('href');
  const membershipId = href?.split('/').pop() ?? '';
  expect(membershipId).toMatch(/^[0-9a-f-]{36}$/);
  await memberLink.click();
  await expect(page.getByRole('heading', { name: 'Mia Member' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save profile' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save roles' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^(Deactivate|Remove|Transfer ownership)…$/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Explain access' })).toHaveCount(0);

  const response = await page.request.post('/trpc/members.deactivate', {
    headers: { Origin: E2E_BASE_URL, 'Content-Type': 'application/json' },
    data: { json: { orgSlug: DEMO_ORG.slug, membershipId } },
  });
  expect(response.status()).toBe(403);
  const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  expect(body.error?.json?.data?.code).toBe('FORBIDDEN');

  // Mia is still active.
  await openPage(page, `/o/${DEMO_ORG.slug}/members/${membershipId}`);
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
});
