/**
 * Signing out and back in, and what a wrong password looks like: an inline message on the
 * sign-in page, which stays where it is.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { existingPerson, fillLogin, logOut, newPerson, signUpByApi, submitLogin } from './support/people';

test('a person signs out and signs back in to their organization', async ({ page }) => {
  const person = newPerson('Login');
  const slug = await signUpByApi(page.context(), person);
  await openPage(page, `/o/${slug}`);
  await expect(page.getByRole('main').getByText(`Welcome to ${person.orgName}`)).toBeVisible();

  await logOut(page);
  await expect(page.getByText('You have been signed out.')).toBeVisible();
  // Signed out means signed out: the org page now asks for a sign-in.
  await page.goto(`/o/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=${encodeURIComponent(`/o/${slug}`)}`));

  // Signing in from there leads back to where they were going.
  await fillLogin(page, person.email, person.password);
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  await expect(page.getByRole('main').getByText(`Welcome to ${person.orgName}`)).toBeVisible();
});

test('a wrong password shows the error inline and stays on the sign-in page', async ({ page }) => {
  const person = await existingPerson(page.context(), 'Wrongpass');

  await submitLogin(page, person.email, 'not-the-right-password');

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('alert').filter({ hasText: 'Incorrect email or password' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(person.email);
  await expect(page.getByRole('button', { name: /^Account menu for / })).toHaveCount(0);
  // Nothing was signed in behind the message.
  await page.goto(`/o/${person.slug}`);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});
