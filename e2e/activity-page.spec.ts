/**
 * "What happened while I was gone?": the Admin opens Activity from the navigation, narrows it to
 * People, and sees only people events — also the ones the Owner causes meanwhile in another
 * session, live, while the Owner's new role (Access) stays out; then only the Owner's. "Clear
 * filters" shows everything, the back button brings the filters back, and the filtered link
 * opened afresh is live too. Roles and teams get unique names (the demo org is shared by every
 * spec); the roles are deleted afterwards.
 */
import { expect, test, type APIRequestContext } from './support/test';
import { activityItems } from './support/dashboard';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { trpcCall, uniqueRoleName } from './support/roles';
import { createTeamByApi, uniqueTeamName } from './support/teams';

type RoleRef = { id: string; name: string };

async function createRoleByApi(owner: APIRequestContext, name: string): Promise<RoleRef> {
  return trpcCall<RoleRef>(owner, 'mutation', 'roles.create', { orgSlug: DEMO_ORG.slug, name, permissions: [] });
}

test('an admin filters Activity to People and sees matching events arrive live, then clears the filter', async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const ownerContext = await browser.newContext();
  const roles: RoleRef[] = [];
  try {
    await Promise.all([logInByApi(adminContext, DEMO.admin), logInByApi(ownerContext, DEMO.owner)]);
    const owner = ownerContext.request;
    roles.push(await createRoleByApi(owner, uniqueRoleName('Before')));
    const [roleBefore] = roles;

    const page = await adminContext.newPage();
    await openPage(page, `/o/${DEMO_ORG.slug}`);
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Activity' }).click();
    await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
    const feed = activityItems(page);
    await expect(feed.filter({ hasText: `created the ${roleBefore!.name} role` })).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();

    const people = page.getByRole('group', { name: 'Categories' }).getByRole('button', { name: 'People' });
    await people.click();
    await expect(people).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/[?&]categories=people\b/);
    await expect(feed.filter({ hasText: roleBefore!.name })).toHaveCount(0);
    await expect(feed.first()).toBeVisible();

    // The Owner, elsewhere: a role (Access, filtered out), then a team (People, shown).
    const roleDuring = await createRoleByApi(owner, uniqueRoleName('During'));
    roles.push(roleDuring);
    const teamName = uniqueTeamName('Arrivals');
    await createTeamByApi(ownerContext, { name: teamName });
    await expect(feed.first()).toContainText(`created the team ${teamName}`, { timeout: 5_000 });
    // Events arrive in id order: the earlier role event was delivered too, and left out.
    await expect(feed.filter({ hasText: roleDuring.name })).toHaveCount(0);

    // Narrowed to one person as well: the Owner's team stays, the Admin's own joining goes.
    const joined = feed.filter({ hasText: 'Adam Admin joined' });
    await expect(joined).toHaveCount(1);
    await page.getByLabel('By person').selectOption({ label: 'Olivia Owner' });
    await expect(page).toHaveURL(/[?&]person=[0-9a-f-]{36}/);
    await expect(joined).toHaveCount(0);
    await expect(feed.first()).toContainText(`created the team ${teamName}`);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).not.toHaveURL(/categories=/);
    await expect(people).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByLabel('By person')).toHaveValue('');
    await expect(feed.filter({ hasText: `created the ${roleDuring.name} role` })).toHaveCount(1);
    await expect(feed.filter({ hasText: `created the team ${teamName}` })).toHaveCount(1);
    await expect(feed.filter({ hasText: `created the ${roleBefore!.name} role` })).toHaveCount(1);

    await page.goBack();
    await expect(people).toHaveAttribute('aria-pressed', 'true');
    await expect(feed.filter({ hasText: roleDuring.name })).toHaveCount(0);

    // Opened from the link itself (the filters in the URL), the page is live as well.
    await openPage(page, page.url());
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    const laterTeam = uniqueTeamName('Later');
    await createTeamByApi(ownerContext, { name: laterTeam });
    await expect(feed.first()).toContainText(`created the team ${laterTeam}`, { timeout: 5_000 });
  } finally {
    for (const role of roles) {
      await trpcCall(ownerContext.request, 'mutation', 'roles.delete', { orgSlug: DEMO_ORG.slug, roleId: role.id });
    }
    await adminContext.close();
    await ownerContext.close();
  }
});
