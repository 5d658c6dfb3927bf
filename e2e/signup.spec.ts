/**
 * A visitor creates an account and, with it, their organization: they land on its dashboard,
 * see its name and, in the activity panel, the event that created it.
 */
import { expect, test } from './support/test';
import { activityItems, orgSwitcher } from './support/dashboard';
import { openPage } from './support/hydration';
import { existingPerson, newPerson, signUp } from './support/people';

test('a visitor signs up and lands on their new organization’s dashboard with its "created" activity', async ({
  page,
}) => {
  const person = newPerson('Signup');
  const slug = await signUp(page, person);

  expect(slug).toMatch(/^signup-works-/);
  await expect(page).toHaveTitle(new RegExp(person.orgName));
  const main = page.getByRole('main');
  await expect(main.getByText(`Welcome to ${person.orgName}`)).toBeVisible();
  await expect(main.getByText(`Signed in as ${person.name}. You are an Owner here.`)).toBeVisible();
  await expect(orgSwitcher(page, person.orgName)).toBeVisible();

  // A new organization's feed holds exactly one event: its creation.
  await expect(activityItems(page)).toHaveCount(1);
  await expect(activityItems(page).first()).toContainText(`${person.orgName} was created`);
});

test('signing up with an email that already has an account says so next to the email field', async ({ page }) => {
  const taken = await existingPerson(page.context(), 'Twice');

  await openPage(page, '/signup');
  await page.getByLabel('Your name').fill('Someone Else');
  await page.getByLabel('Work email').fill(taken.email.toUpperCase());
  await page.getByLabel('Password', { exact: true }).fill('another-long-password');
  await page.getByLabel('Organization name').fill('Another Org');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByLabel('Work email')).toHaveAccessibleDescription('An account with this email already exists');
  await expect(page.getByLabel('Your name')).toHaveValue('Someone Else');
});
