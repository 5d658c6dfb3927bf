/**
 * The Owner and the Admin of the demo organization are signed in at the same time, each in their
 * own browser. The Owner's dashboard shows the Admin online, on the page they are on; on the
 * organization settings each is told the other is viewing it too — and that the Admin is editing
 * once they type; when the Admin's browser closes, the Owner sees them go offline. Nothing is
 * reloaded, and nothing is saved (the demo org is shared by every spec).
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { LIVE_WAIT, onlineMember, onlineNow, presenceBar } from './support/presence';

const OWNER = 'Olivia Owner';
const ADMIN = 'Adam Admin';

test('the Owner sees the Admin come online, on which page, viewing and editing the settings, and go offline', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  let isAdminOpen = true;
  try {
    await logInByApi(ownerContext, DEMO.owner);
    await logInByApi(adminContext, DEMO.admin);
    const owner = await ownerContext.newPage();
    const admin = await adminContext.newPage();

    await openPage(owner, `/o/${DEMO_ORG.slug}`);
    await expect(onlineMember(owner, OWNER)).toContainText('(you)', LIVE_WAIT);
    // Survives only if the page is never reloaded.
    await owner.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));

    await openPage(admin, `/o/${DEMO_ORG.slug}/settings`);
    await expect(onlineMember(owner, ADMIN)).toContainText('on Organization settings', LIVE_WAIT);

    // The Owner opens the settings too, through the navigation (the tab stays the same).
    await owner.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' }).click();
    await expect(owner).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/settings$`));
    await expect(presenceBar(owner)).toContainText(`${ADMIN} is also viewing this`, LIVE_WAIT);
    await expect(presenceBar(admin)).toContainText(`${OWNER} is also viewing this`, LIVE_WAIT);
    // Yourself is never named, in any tab.
    await expect(presenceBar(owner)).not.toContainText(OWNER);
    await expect(presenceBar(admin)).not.toContainText(ADMIN);

    await admin.getByLabel('Organization name').focus();
    await expect(presenceBar(owner)).toContainText(`${ADMIN} is editing`, LIVE_WAIT);

    await owner.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(onlineMember(owner, ADMIN)).toBeVisible(LIVE_WAIT);
    await adminContext.close();
    isAdminOpen = false;
    await expect(onlineMember(owner, ADMIN)).toHaveCount(0, LIVE_WAIT);
    await expect(onlineMember(owner, OWNER)).toBeVisible();
    await expect(onlineNow(owner)).toBeVisible();
    expect(await owner.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');
  } finally {
    await ownerContext.close();
    if (isAdminOpen) await adminContext.close();
  }
});
