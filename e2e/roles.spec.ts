/**
 * Roles as an admin and a read-only member meet them: an Owner builds a custom role from two
 * system roles plus one permission and sees exactly the union; a circular inheritance is refused
 * with a message naming the roles; a Viewer may read the roles but is offered no way to change them.
 */
import { expect, test } from '@playwright/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { createRole, parentCheckbox, roleCard, screenshotForReview, uniqueRoleName } from './support/roles';

test('an Owner creates a role inheriting from Viewer and Billing and sees exactly the union of what they grant', async ({
  page,
}) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New role' })).toBeVisible();

  const name = uniqueRoleName('Support Lead');
  await openPage(page, `/o/${DEMO_ORG.slug}/roles/new`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await parentCheckbox(page, 'Viewer').check();
  await parentCheckbox(page, 'Billing').check();
  await page.getByRole('checkbox', { name: /^support:manage\b/ }).check();
  // The preview labels what comes from the parents before anything is saved.
  await expect(page.getByRole('heading', { name: 'Effective permissions (10)' })).toBeVisible();
  await screenshotForReview(page, 'role-new.png');
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/roles$`));

  const card = roleCard(page, name);
  await expect(card).toContainText(/Inherits from (Billing, Viewer|Viewer, Billing)/);
  // Viewer (5) ∪ Billing (Viewer + 4) ∪ support:manage.
  await expect(card).toContainText('10 permissions');
  await card.getByText(`What ${name} grants`).click();
  for (const granted of ['org:read', 'activity:read', 'billing:manage', 'invoices:read', 'support:manage']) {
    await expect(card.getByText(granted, { exact: true })).toBeVisible();
  }
  for (const notGranted of ['users:manage', 'roles:manage']) {
    await expect(card.getByText(notGranted, { exact: true })).toHaveCount(0);
  }
  await screenshotForReview(page, 'roles-list.png');
});

test('making two roles inherit from each other is refused with a message naming both', async ({ page }) => {
  await logInByApi(page.context(), DEMO.owner);
  const first = uniqueRoleName('Cycle A');
  const second = uniqueRoleName('Cycle B');
  await createRole(page, { name: first, permissions: ['support:read'] });
  await createRole(page, { name: second, parents: [first] });

  await roleCard(page, first).getByRole('link', { name: first }).click();
  await expect(page.getByRole('heading', { name: `Edit ${first}`, level: 1 })).toBeVisible();
  await parentCheckbox(page, second).check();
  await page.getByRole('button', { name: 'Save role' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'The role was not saved' });
  await expect(alert).toContainText('Roles cannot inherit from each other in a circle');
  await expect(alert).toContainText(first);
  await expect(alert).toContainText(second);
  await screenshotForReview(page, 'role-edit-cycle.png');
});

test('a Viewer reads the roles but is offered no way to change them, and the new-role page is refused', async ({
  page,
}) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}/roles`);
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
  await expect(roleCard(page, 'Owner')).toContainText('System');
  await expect(page.getByRole('link', { name: 'New role' })).toHaveCount(0);

  const response = await page.goto(`/o/${DEMO_ORG.slug}/roles/new`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
});
