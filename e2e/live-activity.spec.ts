/**
 * Two people of the demo organization are on its dashboard and settings at the same time. When
 * the Admin saves the organization profile, the Owner's activity panel shows it within seconds,
 * without a reload. The demo org is shared by every spec, so the Admin puts the name back.
 */
import { expect, test } from './support/test';
import { activityItems, liveBadge, orgSwitcher } from './support/dashboard';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

const PROFILE_NAME_EVENT = /updated the organization profile \(name\)/;

test('the Owner’s activity panel shows the Admin’s profile change live, without reloading', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  try {
    const owner = await ownerContext.newPage();
    const admin = await adminContext.newPage();
    await logInByApi(ownerContext, DEMO.owner);
    await logInByApi(adminContext, DEMO.admin);

    await openPage(owner, `/o/${DEMO_ORG.slug}`);
    const feed = activityItems(owner);
    // The panel is subscribed once it says "Live"; from then on it can miss nothing.
    await expect(liveBadge(owner)).toBeVisible();
    await expect(feed.first()).toBeVisible();
    const before = await feed.filter({ hasText: PROFILE_NAME_EVENT }).count();
    // Survives only if the page is never reloaded.
    await owner.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));

    await openPage(admin, `/o/${DEMO_ORG.slug}/settings`);
    const nameField = admin.getByLabel('Organization name');
    const originalName = await nameField.inputValue();
    const editedName = `${originalName} (edited ${Date.now().toString(36)})`;
    await nameField.fill(editedName);
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await expect(admin.getByRole('status')).toContainText('The organization profile was saved.');
    await expect(orgSwitcher(admin, editedName)).toBeVisible();

    try {
      await expect(feed.filter({ hasText: PROFILE_NAME_EVENT })).toHaveCount(before + 1, { timeout: 5_000 });
      await expect(feed.first()).toContainText(PROFILE_NAME_EVENT);
      expect(await owner.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');
    } finally {
      await admin.getByLabel('Organization name').fill(originalName);
      await admin.getByRole('button', { name: 'Save profile' }).click();
      await expect(orgSwitcher(admin, originalName)).toBeVisible();
    }
    await expect(feed.filter({ hasText: PROFILE_NAME_EVENT })).toHaveCount(before + 2, { timeout: 5_000 });
  } finally {
    await ownerContext.close();
    await adminContext.close();
  }
});
