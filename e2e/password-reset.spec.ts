/**
 * A person who forgot their password asks for a link on /forgot, opens it from their mailbox
 * (the dev mailbox of the e2e server), chooses a new password on /reset and signs in with it;
 * the old password no longer works.
 */
import { expect, test } from './support/test';
import { openPage, waitForHydration } from './support/hydration';
import { latestMailTo, linkIn } from './support/mailbox';
import { existingPerson, logIn, logOut, submitLogin } from './support/people';

test('a person resets a forgotten password from the emailed link and signs in with the new one', async ({
  page,
  baseURL,
}) => {
  const person = await existingPerson(page.context(), 'Reset');

  await openPage(page, '/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot$/);
  await waitForHydration(page);
  const requestedAt = new Date();
  await page.getByLabel('Email').fill(person.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText(`If an account exists for ${person.email}`);

  const mail = await latestMailTo(person.email, { since: requestedAt, timeoutMs: 15_000 });
  expect(mail.subject).toBe('Reset your Atrium password');
  const link = linkIn(mail, `${baseURL}/reset?token=`);

  await openPage(page, link);
  const newPassword = `${person.password}-renewed`;
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?notice=password-reset$/);
  await expect(page.getByText('Your password has been changed. Sign in with your new password.')).toBeVisible();

  await submitLogin(page, person.email, person.password);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('alert').filter({ hasText: 'Incorrect email or password' })).toBeVisible();

  await logIn(page, person.email, newPassword);
  await expect(page).toHaveURL(new RegExp(`/o/${person.slug}$`));

  // The link worked once; opening it again does not set another password.
  await logOut(page);
  await openPage(page, link);
  await page.getByLabel('New password', { exact: true }).fill('yet-another-password');
  await page.getByLabel('Confirm new password').fill('yet-another-password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This reset link is invalid or has expired' })).toBeVisible();
});
