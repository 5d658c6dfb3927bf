/**
 * Teams as an Owner and a read-only Viewer meet them: an Owner builds a department with a team
 * inside it, adds two people and marks one a lead, and sees it all in the tree; a Viewer sees the
 * tree and the team but no way to change them; two Owners editing the same team at once — the
 * second, stale save is refused and shows what the first one saved.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { createTeamByApi, createTeamInPage, treeItem, uniqueTeamName } from './support/teams';

test('an Owner creates a department and a nested team, adds two members, marks a lead and sees the tree', async ({
  page,
}) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();

  const department = uniqueTeamName('Customer Success');
  const team = uniqueTeamName('Onboarding');
  await createTeamInPage(page, { name: department, kind: 'Department' });
  await createTeamInPage(page, { name: team, parent: department });
  // Post/redirect/get: the address is the teams page, not the form post's `?index`.
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/teams\\?created=[0-9a-f-]+$`));

  await page.getByRole('link', { name: `Open ${team} to add members` }).click();
  await expect(page.getByRole('heading', { name: team, level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Team path' })).toContainText(department);
  await page.getByLabel('Search members').fill('acme.test');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('checkbox', { name: /Mia Member/ }).check();
  await page.getByRole('checkbox', { name: /Victor Viewer/ }).check();
  await page.getByRole('button', { name: 'Add selected' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added 2 members.' })).toBeVisible();

  const members = page.getByRole('list', { name: `Members of ${team}` });
  await expect(members.getByRole('listitem')).toHaveCount(2);
  await members.getByRole('button', { name: 'Make Mia Member a lead' }).click();
  await expect(members.getByRole('listitem').filter({ hasText: 'Mia Member' })).toContainText('Lead');
  await expect(members.getByRole('button', { name: 'Remove Mia Member as lead' })).toBeVisible();

  await openPage(page, `/o/${DEMO_ORG.slug}/teams`);
  const parent = treeItem(page, department);
  await expect(parent).toContainText('Department');
  const child = treeItem(page, team);
  await expect(child).toContainText('2 members');
  await expect(child).toContainText('Lead: Mia Member');
  // The team sits inside the department's list, which collapses and expands from the keyboard.
  await expect(parent.getByRole('link', { name: team, exact: true })).toBeVisible();
  const toggle = parent.getByRole('button', { name: `Collapse ${department}` });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(parent.getByRole('link', { name: team, exact: true })).toBeHidden();
  await expect(parent.getByRole('button', { name: `Expand ${department}` })).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Space');
  await expect(parent.getByRole('link', { name: team, exact: true })).toBeVisible();
});

test('a Viewer sees the tree and a team’s members but no controls to change them', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  await logInByApi(ownerContext, DEMO.owner);
  const name = uniqueTeamName('Read Only');
  const teamId = await createTeamByApi(ownerContext, { name, kind: 'department' });
  await ownerContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await logInByApi(context, DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}/teams`);
  await expect(treeItem(page, name)).toContainText('0 members');
  await expect(page.getByRole('heading', { name: 'New team' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create team' })).toHaveCount(0);

  await treeItem(page, name).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/teams/${teamId}$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText(`Nobody is in ${name} yet.`)).toBeVisible();
  for (const control of ['Save team', 'Delete team…', 'Search', 'Add selected']) {
    await expect(page.getByRole('button', { name: control })).toHaveCount(0);
  }
  await expect(page.getByRole('heading', { name: 'Edit team' })).toHaveCount(0);
  await expect(page.getByLabel('Search members')).toHaveCount(0);
  await context.close();
});

test('two Owners edit one team: the stale save is refused and shows what the other saved', async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  await logInByApi(first, DEMO.owner);
  await logInByApi(second, DEMO.owner);
  const name = uniqueTeamName('Contested');
  const teamId = await createTeamByApi(first, { name });
  const path = `/o/${DEMO_ORG.slug}/teams/${teamId}`;

  const mine = await first.newPage();
  const theirs = await second.newPage();
  await openPage(mine, path);
  await openPage(theirs, path);

  const renamed = `${name} Renamed`;
  const editor = (page: typeof mine) => page.getByRole('form', { name: 'Edit team' });
  await editor(mine).getByLabel('Name', { exact: true }).fill(renamed);
  await editor(mine).getByRole('button', { name: 'Save team' }).click();
  await expect(mine.getByRole('status').filter({ hasText: `${renamed} was saved.` })).toBeVisible();

  await editor(theirs).getByLabel('Description').fill('Handles escalations');
  await editor(theirs).getByRole('button', { name: 'Save team' }).click();
  const alert = theirs.getByRole('alert').filter({ hasText: 'The team was not saved' });
  await expect(alert).toContainText('Someone else changed this team since you opened it');
  await expect(alert).toContainText('Olivia Owner changed the name.');
  await expect(alert).toContainText(renamed);
  // What they typed is kept.
  await expect(editor(theirs).getByLabel('Description')).toHaveValue('Handles escalations');
  await expect(editor(theirs).getByLabel('Name', { exact: true })).toHaveValue(name);

  await alert.getByRole('link', { name: 'load their version' }).click();
  await expect(editor(theirs).getByLabel('Name', { exact: true })).toHaveValue(renamed);
  await first.close();
  await second.close();
});

test('the parent picker never offers the team or its sub-teams, a taken name is shown at the field, and deleting moves sub-teams to the parent', async ({
  page,
}) => {
  const context = page.context();
  await logInByApi(context, DEMO.owner);
  const top = uniqueTeamName('Operations');
  const middle = uniqueTeamName('Logistics');
  const bottom = uniqueTeamName('Warehouse');
  const topId = await createTeamByApi(context, { name: top, kind: 'department' });
  const middleId = await createTeamByApi(context, { name: middle, parentId: topId });
  await createTeamByApi(context, { name: bottom, parentId: middleId });

  await openPage(page, `/o/${DEMO_ORG.slug}/teams/${middleId}`);
  const editor = page.getByRole('form', { name: 'Edit team' });
  const parentPicker = editor.getByLabel('Parent team');
  await expect(parentPicker).toHaveValue(topId);
  const offered = await parentPicker.locator('option').allTextContents();
  expect(offered.some((label) => label.includes(top))).toBe(true);
  expect(offered.some((label) => label.includes(middle) || label.includes(bottom))).toBe(false);

  await editor.getByLabel('Name', { exact: true }).fill(top.toUpperCase());
  await editor.getByRole('button', { name: 'Save team' }).click();
  const name = editor.getByLabel('Name', { exact: true });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveValue(top.toUpperCase());
  await expect(editor.getByText(`A team named “${top}” already exists`)).toBeVisible();

  await page.getByRole('button', { name: 'Delete team…' }).click();
  const confirm = page.getByRole('form', { name: `Delete ${middle}?` });
  await expect(confirm.getByLabel(/It has 1 sub-team/)).toHaveValue(topId);
  await confirm.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${DEMO_ORG.slug}/teams$`));
  await expect(page.getByRole('link', { name: middle, exact: true })).toHaveCount(0);
  await expect(treeItem(page, top).getByRole('link', { name: bottom, exact: true })).toBeVisible();
});
