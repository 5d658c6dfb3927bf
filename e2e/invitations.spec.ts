/**
 * Invitations, as people live them. An admin invites two people from the invitations page; one
 * opens the emailed link in another browser, creates an account and lands in the organization;
 * the admin's page — never reloaded — flips that row to Accepted and shows the person online.
 * The admin then deactivates them, and the new member's open page is signed out by itself.
 * Bad links and the wrong account get a clear message instead.
 */
import { expect, test } from './support/test';
import { openPage, waitForHydration } from './support/hydration';
import { invitationLinkFor, invitationRow, invitationStatus, inviteByApi } from './support/invitations';
import { liveBadge } from './support/dashboard';
import { logInByApi, newPerson, signUpByApi } from './support/people';

test('an admin invites two people; one accepts elsewhere; the admin sees it live, deactivates them, they are signed out', async ({
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
    // The live update re-ran the page's loaders; the result of the admin's own submission stays.
    await expect(adminPage.getByRole('status').filter({ hasText: '2 invitations sent.' })).toBeVisible();

    // The admin deactivates the new member; the member's open page is signed out by itself.
    await invitationRow(adminPage, first.email).getByRole('link', { name: first.email }).click();
    await expect(adminPage.getByRole('heading', { name: first.name })).toBeVisible();
    await adminPage.getByRole('link', { name: 'Deactivate…' }).click();
    await adminPage.getByRole('button', { name: 'Yes, deactivate' }).click();
    await expect(adminPage.getByText(`${first.name} is deactivated and signed out.`)).toBeVisible();
    await expect(invitee).toHaveURL(/\/login\b/, { timeout: 12_000 });

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

test('an Owner limits invitations to the company domain and uploads a logo; an SVG is refused', async ({ page }) => {
  const owner = newPerson('Profile Owner');
  const orgSlug = await signUpByApi(page.context(), owner);
  await openPage(page, `/o/${orgSlug}/settings`);
  await page.getByLabel('Allowed email domains').fill('Acme.test\nnot a domain');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not a domain name: not, a, domain' })).toBeVisible();
  await page.getByLabel('Allowed email domains').fill('Acme.test, @acme.example');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The organization profile was saved.' })).toBeVisible();
  await expect(page.getByLabel('Allowed email domains')).toHaveValue('acme.example\nacme.test');

  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByLabel('Logo image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The logo was saved.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();
  const logo = await page.request.get(`/o/${orgSlug}/logo`);
  expect(logo.headers()['content-type']).toBe('image/png');
  expect(logo.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await logo.body()).equals(png)).toBe(true);

  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  await page.getByLabel('Logo image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: svg });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'SVG logos are not accepted' })).toBeVisible();

  await openPage(page, `/o/${orgSlug}/invitations`);
  await page.getByLabel('Email addresses').fill('ok@acme.test, someone@elsewhere.example');
  await page.getByRole('button', { name: 'Send invitations' }).click();
  const results = page.getByRole('list', { name: 'Invitation results' });
  await expect(results.getByRole('listitem').filter({ hasText: 'someone@elsewhere.example' })).toContainText(
    'This organization only invites addresses at acme.example, acme.test',
  );
  await expect(invitationStatus(page, 'ok@acme.test')).toHaveText('Pending');

  // A stranger gets no logo.
  const stranger = await page.context().browser()!.newContext();
  try {
    expect((await stranger.request.get(`/o/${orgSlug}/logo`)).status()).toBe(404);
  } finally {
    await stranger.close();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an admin invites and the invitee creates an account from the link', async ({ browser, baseURL }) => {
    const adminContext = await browser.newContext({ javaScriptEnabled: false });
    const inviteeContext = await browser.newContext({ javaScriptEnabled: false });
    try {
      const admin = newPerson('NoJS Admin');
      const orgSlug = await signUpByApi(adminContext, admin);
      const invited = newPerson('NoJS Invitee');
      const page = await adminContext.newPage();
      await page.goto(`/o/${orgSlug}/invitations`);
      const sentAt = new Date();
      await page.getByLabel('Email addresses').fill(invited.email);
      await page.getByRole('button', { name: 'Send invitations' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Invitation sent.' })).toBeVisible();
      await expect(invitationStatus(page, invited.email)).toHaveText('Pending');

      const link = await invitationLinkFor(invited.email, baseURL!, sentAt);
      const invitee = await inviteeContext.newPage();
      await invitee.goto(link);
      await invitee.getByLabel('Your name').fill(invited.name);
      await invitee.getByLabel('Password', { exact: true }).fill(invited.password);
      await invitee.getByRole('button', { name: 'Create account and join' }).click();
      await expect(invitee).toHaveURL(new RegExp(`/o/${orgSlug}$`));

      await page.goto(`/o/${orgSlug}/invitations`);
      await expect(invitationStatus(page, invited.email)).toHaveText('Accepted');
    } finally {
      await adminContext.close();
      await inviteeContext.close();
    }
  });
});
