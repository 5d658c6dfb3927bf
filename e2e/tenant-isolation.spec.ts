/**
 * Someone from another organization types the demo tenant's address into the browser: they get
 * the same "Page not found" as for a slug that does not exist, and nothing of Acme reaches the
 * page — not in what is shown, not in the HTML or the data serialized into it.
 */
import { expect, test } from './support/test';
import { DEMO_ORG, newPerson, signUpByApi } from './support/people';

test('a member of another organization gets "Page not found" for Acme’s pages and sees no Acme data', async ({
  page,
}) => {
  const outsider = newPerson('Outsider');
  const ownSlug = await signUpByApi(page.context(), outsider);
  expect(ownSlug).not.toBe(DEMO_ORG.slug);

  for (const path of [`/o/${DEMO_ORG.slug}`, `/o/${DEMO_ORG.slug}/settings`, `/o/${DEMO_ORG.slug.toUpperCase()}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(DEMO_ORG.name);
    const html = await page.content();
    expect(html, path).not.toContain(DEMO_ORG.name);
    expect(html, path).not.toContain('@acme.test');
    await expect(page).not.toHaveTitle(new RegExp(DEMO_ORG.name));
  }

  // The answer is the same as for an organization that does not exist at all.
  const unknown = await page.goto('/o/no-such-organization-here');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  // Their own organization is still theirs.
  const own = await page.goto(`/o/${ownSlug}`);
  expect(own?.status()).toBe(200);
  await expect(page.getByRole('main').getByText(`Welcome to ${outsider.orgName}`)).toBeVisible();
});
