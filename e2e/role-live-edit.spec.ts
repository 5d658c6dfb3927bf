/**
 * Two admins have the same role's editor open. When the Owner saves it, the Admin's page — without
 * a reload — says who changed it, the new version and what changed, while keeping what the Admin
 * has typed. A save from the Admin's stale form is still refused with the other change shown;
 * loading the latest version replaces the form only when the Admin asks for it. Both see who else
 * has the role open, and whether they are editing it.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { LIVE_WAIT, presenceBar } from './support/presence';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { screenshotForReview, trpcCall, uniqueRoleName } from './support/roles';

type RoleRef = { id: string; name: string; version: number };

test('an Admin editing a role sees the Owner’s save of it live, keeps their typing, and loads the latest on request', async ({
  browser,
}) => {
  const orgSlug = DEMO_ORG.slug;
  const ownerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  await logInByApi(ownerContext, DEMO.owner);
  await logInByApi(adminContext, DEMO.admin);
  const name = uniqueRoleName('Helpdesk');
  const role = await trpcCall<RoleRef>(ownerContext.request, 'mutation', 'roles.create', {
    orgSlug,
    name,
    description: 'First line support',
    permissions: ['org:read'],
  });
  const editor = `/o/${orgSlug}/roles/${role.id}`;
  try {
    const adminPage = await adminContext.newPage();
    await openPage(adminPage, editor);
    await expect(adminPage.getByRole('heading', { name: `Edit ${name}`, level: 1 })).toBeVisible();
    await adminPage.getByLabel('Description').fill('Draft by the Admin, not saved yet');
    // Survives only if the page is never reloaded.
    await adminPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));

    const ownerPage = await ownerContext.newPage();
    await openPage(ownerPage, editor);
    // Each sees the other on the same role: the Admin, with unsaved typing, as editing it.
    await expect(presenceBar(ownerPage)).toContainText('Adam Admin is editing', LIVE_WAIT);
    await expect(presenceBar(adminPage)).toContainText('Olivia Owner is also viewing this', LIVE_WAIT);
    const renamed = `${name} EU`;
    await ownerPage.getByLabel('Name', { exact: true }).fill(renamed);
    await ownerPage.getByRole('checkbox', { name: /^audit:read\b/ }).check();
    await ownerPage.getByRole('button', { name: 'Save role' }).click();
    await expect(ownerPage.getByRole('status').filter({ hasText: 'was saved' })).toContainText(`${renamed} was saved.`);
    // The Owner's own page does not tell the Owner about the Owner's save.
    await expect(ownerPage.getByText('changed this role')).toHaveCount(0);

    const notice = adminPage.getByRole('status').filter({ hasText: 'changed this role' });
    await expect(notice).toContainText('Olivia Owner changed this role (now version 2)', { timeout: 12_000 });
    await expect(notice).toContainText(`Renamed it from “${name}” to “${renamed}”.`);
    await expect(notice).toContainText('Added audit:read.');
    await screenshotForReview(adminPage, 'role-changed-notice.png');
    await expect(adminPage.getByLabel('Description')).toHaveValue('Draft by the Admin, not saved yet');
    await expect(adminPage.getByLabel('Name', { exact: true })).toHaveValue(name);
    expect(await adminPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');

    // Saving the stale form is still refused, with the Owner's version shown.
    await adminPage.getByRole('button', { name: 'Save role' }).click();
    const refused = adminPage.getByRole('alert').filter({ hasText: 'The role was not saved' });
    await expect(refused).toContainText('Someone else changed this role');
    await expect(refused).toContainText(renamed);
    await expect(adminPage.getByLabel('Description')).toHaveValue('Draft by the Admin, not saved yet');

    await notice.getByRole('link', { name: /Load the latest version/ }).click();
    await expect(adminPage.getByLabel('Name', { exact: true })).toHaveValue(renamed);
    await expect(adminPage.getByLabel('Description')).toHaveValue('First line support');
    await expect(adminPage.getByRole('checkbox', { name: /^audit:read\b/ })).toBeChecked();
    await expect(adminPage.getByText('changed this role')).toHaveCount(0);
    await expect(refused).toHaveCount(0);
  } finally {
    await trpcCall(ownerContext.request, 'mutation', 'roles.delete', { orgSlug, roleId: role.id });
    await ownerContext.close();
    await adminContext.close();
  }
});

test('an Admin editing a role is told when the Owner deletes it', async ({ browser }) => {
  const orgSlug = DEMO_ORG.slug;
  const ownerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  await logInByApi(ownerContext, DEMO.owner);
  await logInByApi(adminContext, DEMO.admin);
  const name = uniqueRoleName('Short-lived');
  const role = await trpcCall<RoleRef>(ownerContext.request, 'mutation', 'roles.create', {
    orgSlug,
    name,
    permissions: ['org:read'],
  });
  try {
    const adminPage = await adminContext.newPage();
    await openPage(adminPage, `/o/${orgSlug}/roles/${role.id}`);
    await adminPage.getByLabel('Description').fill('Typed before the delete');
    await trpcCall(ownerContext.request, 'mutation', 'roles.delete', { orgSlug, roleId: role.id });

    const notice = adminPage.getByRole('status').filter({ hasText: 'deleted this role' });
    await expect(notice).toContainText('Olivia Owner deleted this role', { timeout: 12_000 });
    await expect(adminPage.getByLabel('Description')).toHaveValue('Typed before the delete');
    await notice.getByRole('link', { name: 'Back to roles' }).click();
    await expect(adminPage).toHaveURL(new RegExp(`/o/${orgSlug}/roles$`));
    await expect(adminPage.getByRole('region', { name, exact: true })).toHaveCount(0);
  } finally {
    await ownerContext.close();
    await adminContext.close();
  }
});
