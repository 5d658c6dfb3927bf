/**
 * A member's notifications as they meet them: the bell in the top bar counts up live when someone
 * else creates a role, the notifications page lists it, "Mark all read" clears the bell without a
 * reload, and preferences per kind and channel are saved and shown again.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { trpcCall, uniqueRoleName } from './support/roles';

test('a member sees the bell count rise live, reads the inbox and marks everything read', async ({ page, browser }) => {
  const orgSlug = DEMO_ORG.slug;
  await logInByApi(page.context(), DEMO.member);
  await trpcCall(page.request, 'mutation', 'notifications.markAllRead', { orgSlug });
  await openPage(page, `/o/${orgSlug}`);
  const bell = page.getByRole('banner').getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread', { timeout: 15_000 });

  const roleName = uniqueRoleName('Notified');
  const owner = await browser.newContext();
  try {
    await logInByApi(owner, DEMO.owner);
    await trpcCall(owner.request, 'mutation', 'roles.create', {
      orgSlug,
      name: roleName,
      permissions: ['org:read'],
    });
  } finally {
    await owner.close();
  }
  await expect(bell).toHaveAccessibleName(/^Notifications, [1-9]\d* unread$/, { timeout: 20_000 });

  await bell.click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  const inbox = page.getByRole('region', { name: 'Inbox' });
  await expect(inbox.getByTestId('notification-item').first()).toContainText(
    `Olivia Owner created the ${roleName} role`,
  );
  await expect(inbox.locator('[data-unread="true"]').first()).toBeVisible();

  await inbox.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('status').filter({ hasText: /marked as read/ })).toBeVisible();
  await expect(inbox.locator('[data-unread="true"]')).toHaveCount(0);
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread', { timeout: 15_000 });
});

test('a member chooses which notifications reach them, and how', async ({ page }) => {
  const orgSlug = DEMO_ORG.slug;
  await logInByApi(page.context(), DEMO.member);
  await openPage(page, `/o/${orgSlug}/notifications`);
  const preferences = page.getByRole('region', { name: 'Preferences' });
  const rolesInApp = preferences.getByRole('checkbox', { name: 'Roles: In the app', exact: true });
  const teamsDigest = preferences.getByRole('checkbox', { name: 'Teams: Daily digest', exact: true });
  const wasInApp = await rolesInApp.isChecked();
  const wasDigest = await teamsDigest.isChecked();
  await rolesInApp.setChecked(!wasInApp);
  await teamsDigest.setChecked(!wasDigest);
  await preferences.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferences saved' })).toBeVisible();

  await page.reload();
  await expect(rolesInApp).toBeChecked({ checked: !wasInApp });
  await expect(teamsDigest).toBeChecked({ checked: !wasDigest });
  // Put them back, so other journeys see the defaults.
  await rolesInApp.setChecked(wasInApp);
  await teamsDigest.setChecked(wasDigest);
  await preferences.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferences saved' })).toBeVisible();
});
