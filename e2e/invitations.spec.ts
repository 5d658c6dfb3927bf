/**
 * Invitations, as people live them. An admin invites two people from the invitations page; one
 * opens the emailed link in another browser, creates an account and lands in the organization;
 * the admin's page — never reloaded — flips that row to Accepted and shows the person online.
 * Bad links and the wrong account get a clear message instead.
 */
import { expect, test } from '@playwright/test';
import { openPage, waitForHydration } from './support/hydration';
import { invitationLinkFor, invitationRow, invitationStatus, inviteByApi } from './support/invitations';
import { liveBadge } from './support/dashboard';
import { logInByApi, newPerson, signUpByApi } from './support/people';

test('an admin invites two people; one accepts in another browser; the admin sees it live and them online', async ({
  browser,
  baseURL,
}) => {
  const adminContext = await browser.newContext();
  const inviteeContext = await browser.newContext();
  try {
    const admin = newPerson('Inviting Admin');
    const orgSlug = await signUpByApi(adminContext, admin);
    const first = newPerson('Invitee One');
    const second = newPerson('Invitee Two');

    const adminPage = await adminContext.newPage();
    await openPage(adminPage, `/o/${orgSlug}/invitations`);
    await expect(adminPage.getByText('No open invitations.')).toBeVisible();
    await expect(liveBadge(adminPage)).toBeVisible();
    const sentAt = new Date();
    await adminPage.getByLabel('Email addresses').fill(`${first.email}, ${second.email}`);
    await adminPage.getByRole('checkbox', { name: 'Viewer' }).check();
    await adminPage.getByRole('button', { name: 'Send invitations' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: '2 invitations sent.' })).toBeVisible();
    await expect(invitationStatus(adminPage, first.email)).toHaveText('Pending');
    await expect(invitationStatus(adminPage, second.email)).toHaveText('Pending');
    await expect(invitationRow(adminPage, first.email)).toContainText('Viewer');
    // Survives only if the page is never reloaded.
    await adminPage.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));

    const link = await invitationLinkFor(first.email, baseURL!, sentAt);
    const invitee = await inviteeContext.newPage();
    await openPage(invitee, link);
    await expect(invitee.getByRole('heading', { name: `Join ${admin.orgName}` })).toBeVisible();
    await expect(invitee.getByText(`${admin.name} invited ${first.email} to join ${admin.orgName}`)).toBeVisible();
    await invitee.getByLabel('Your name').fill(first.name);
    await invitee.getByLabel('Password', { exact: true }).fill(first.password);
    await invitee.getByRole('button', { name: 'Create account and join' }).click();
    await expect(invitee).toHaveURL(new RegExp(`/o/${orgSlug}$`));

    await expect(invitationStatus(adminPage, first.email)).toHaveText('Accepted');
    await expect(invitationRow(adminPage, first.email).getByRole('img', { name: 'Online' })).toBeVisible();
    await expect(invitationStatus(adminPage, second.email)).toHaveText('Pending');
    expect(await adminPage.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');

    // The link worked once.
    const reuse = await browser.newContext();
    try {
      const again = await reuse.newPage();
      await openPage(again, link);
      await expect(again.getByRole('alert')).toContainText(
        `This invitation to ${admin.orgName} has already been used.`,
      );
    } finally {
      await reuse.close();
    }
  } finally {
    await adminContext.close();
    await inviteeContext.close();
  }
});

test('a link opened while signed in as someone else says whose it is and offers to sign out', async ({
  browser,
  baseURL,
}) => {
  const adminContext = await browser.newContext();
  const otherContext = await browser.newContext();
  try {
    const admin = newPerson('Mismatch Admin');
    const orgSlug = await signUpByApi(adminContext, admin);
    const invited = newPerson('Meant For');
    const sentAt = new Date();
    await inviteByApi(adminContext.request, orgSlug, [invited.email]);
    const link = await invitationLinkFor(invited.email, baseURL!, sentAt);

    const someoneElse = newPerson('Someone Else');
    await signUpByApi(otherContext, someoneElse);
    const page = await otherContext.newPage();
    await openPage(page, link);
    await expect(page.getByRole('alert')).toContainText(
      `This invitation is for ${invited.email}; you are signed in as ${someoneElse.email}.`,
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Create account and join' })).toBeVisible();
    await waitForHydration(page);
    expect(await otherContext.cookies()).not.toContainEqual(expect.objectContaining({ name: 'atrium_session' }));
  } finally {
    await adminContext.close();
    await otherContext.close();
  }
});

test('a revoked link says it was revoked; a made-up link says it is not valid', async ({ browser, baseURL }) => {
  const adminContext = await browser.newContext();
  const inviteeContext = await browser.newContext();
  try {
    const admin = newPerson('Revoking Admin');
    const orgSlug = await signUpByApi(adminContext, admin);
    const invited = newPerson('Revoked Rita');
    const sentAt = new Date();
    await inviteByApi(adminContext.request, orgSlug, [invited.email]);
    const link = await invitationLinkFor(invited.email, baseURL!, sentAt);

    const adminPage = await adminContext.newPage();
    await openPage(adminPage, `/o/${orgSlug}/invitations`);
    await adminPage.getByRole('button', { name: `Revoke the invitation to ${invited.email}` }).click();
    await expect(
      adminPage.getByRole('status').filter({ hasText: `The invitation to ${invited.email} was revoked.` }),
    ).toBeVisible();
    await expect(invitationStatus(adminPage, invited.email)).toHaveText('Revoked');

    const page = await inviteeContext.newPage();
    await openPage(page, link);
    await expect(page.getByRole('alert')).toContainText(`This invitation to ${admin.orgName} was revoked.`);
    await expect(page.getByRole('button', { name: 'Create account and join' })).toHaveCount(0);

    await openPage(page, `/invite/${'x'.repeat(43)}`);
    await expect(page.getByRole('alert')).toContainText('This invitation link is not valid.');
  } finally {
    await adminContext.close();
    await inviteeContext.close();
  }
});

test('an existing person signed in with the invited address joins with one click', async ({ browser, baseURL }) => {
  const adminContext = await browser.newContext();
  const personContext = await browser.newContext();
  try {
    const admin = newPerson('Joining Admin');
    const orgSlug = await signUpByApi(adminContext, admin);
    const person = newPerson('Already Here');
    await signUpByApi(personContext, person);
    const sentAt = new Date();
    await inviteByApi(adminContext.request, orgSlug, [person.email]);
    const link = await invitationLinkFor(person.email, baseURL!, sentAt);
    await logInByApi(personContext, person.email, person.password);

    const page = await personContext.newPage();
    await openPage(page, link);
    await page.getByRole('button', { name: `Join ${admin.orgName}` }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${orgSlug}$`));
  } finally {
    await adminContext.close();
    await personContext.close();
  }
});
