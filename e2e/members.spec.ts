/**
 * Members journeys in the demo organization. The Owner finds a new colleague in the directory by
 * search and filters, opens their page, gives them another role, fills in their profile and
 * deactivates them — while the colleague's own browser has the dashboard open, which then shows
 * the sign-in page (or, for someone still active in another org, that their access to Acme was
 * deactivated) without anyone reloading it. The people acted on are fresh for each run; the demo
 * accounts are only read.
 */
import { expect, test, type Page } from './support/test';
import { openPage } from './support/hydration';
import { joinDemoOrg } from './support/members';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';

const LIVE_WAIT = 12_000;

function directoryTable(page: Page) {
  return page.getByRole('table', { name: 'Members' });
}

test('the Owner finds a member, changes their roles and profile, and deactivates them while they watch', async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const personContext = await browser.newContext();
  try {
    const person = await joinDemoOrg(personContext, 'Dora Directory', 'member', { onlyInDemo: true });
    const personPage = await personContext.newPage();
    await openPage(personPage, `/o/${DEMO_ORG.slug}`);
    await expect(personPage.getByRole('navigation', { name: 'Organization' })).toBeVisible();

    await logInByApi(ownerContext, DEMO.owner);
    const page = await ownerContext.newPage();
    await openPage(page, `/o/${DEMO_ORG.slug}/members`);
    const search = page.getByRole('search', { name: 'Members' });
    await search.getByLabel('Search').fill(person.name);
    await search.getByLabel('Role').selectOption({ label: 'Member' });
    await search.getByLabel('Status').selectOption('active');
    await search.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(page).toHaveURL(/[?&]status=active/);
    const rows = directoryTable(page).getByRole('row');
    await expect(rows).toHaveCount(2); // header + Dora
    await expect(rows.nth(1)).toContainText(person.email);
    await expect(rows.nth(1)).toContainText('Active');

    // Nobody matches a search for something that is not there; the page says so.
    await search.getByLabel('Search').fill(`${person.name} nobody`);
    await search.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText(`No members match “${person.name} nobody” with these filters.`)).toBeVisible();

    await openPage(page, `/o/${DEMO_ORG.slug}/members/${person.membershipId}`);
    await expect(page.getByRole('heading', { name: person.name })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Explain access' })).toHaveAttribute(
      'href',
      `/o/${DEMO_ORG.slug}/roles/explain?member=${person.membershipId}`,
    );

    const roles = page.getByRole('group', { name: 'Roles' });
    await roles.getByRole('checkbox', { name: /^Billing\b/ }).check();
    await page.getByRole('button', { name: 'Save roles' }).click();
    await expect(page.getByText('Roles saved.')).toBeVisible();
    await expect(
      page.getByRole('group', { name: 'Roles' }).getByRole('checkbox', { name: /^Billing\b/ }),
    ).toBeChecked();

    await page.getByLabel('Department').fill('Quality');
    // A title a spreadsheet would run as a formula: the CSV export must open it as text.
    await page.getByLabel('Title').fill('=SUM(A1), "lead"');
    await page.getByLabel('Manager').selectOption({ label: `Olivia Owner (${DEMO.owner})` });
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
    await expect(page.getByLabel('Department')).toHaveValue('Quality');

    // Olivia reporting to Dora, who reports to Olivia, would loop: refused at the Manager field.
    await openPage(page, `/o/${DEMO_ORG.slug}/members?q=${encodeURIComponent(DEMO.owner)}`);
    await directoryTable(page).getByRole('link', { name: 'Olivia Owner' }).click();
    await expect(page.getByRole('heading', { name: /Olivia Owner/ })).toBeVisible();
    await page.getByLabel('Region').fill('eu-north');
    await page.getByLabel('Manager').selectOption({ label: `${person.name} (${person.email})` });
    await page.getByRole('button', { name: 'Save profile' }).click();
    const loop = 'That manager reports to this member already; the reporting line would loop';
    await expect(page.getByRole('alert').filter({ hasText: loop }).first()).toBeVisible();
    await expect(page.getByLabel('Manager')).toHaveAccessibleDescription(loop);
    await expect(page.getByLabel('Region')).toHaveValue('eu-north');
    await openPage(page, `/o/${DEMO_ORG.slug}/members/${person.membershipId}`);

    const csv = await page.request.get(
      `/o/${DEMO_ORG.slug}/members/export.csv?q=${encodeURIComponent(person.email)}&status=active`,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toBe(`attachment; filename="${DEMO_ORG.slug}-members.csv"`);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Name,Email,Status,Roles,Teams,Department,Region,Title,Joined,Deactivated');
    expect(lines[1]).toContain(
      `${person.name},${person.email},active,Billing; Member,,Quality,,"'=SUM(A1), ""lead""",`,
    );
    expect(lines).toHaveLength(3); // header, the member, and the empty string after the last CRLF

    await page.getByRole('link', { name: 'Deactivate…' }).click();
    await expect(page.getByText(`Deactivate ${person.name}?`)).toBeVisible();
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await expect(page.getByText(`${person.name} is deactivated and signed out.`)).toBeVisible();

    // The colleague's open dashboard notices on its own: their session has ended.
    await expect(personPage).toHaveURL(/\/login\b/, { timeout: LIVE_WAIT });
    await expect(personPage.getByRole('button', { name: 'Sign in' })).toBeVisible();

    await openPage(page, `/o/${DEMO_ORG.slug}/members?status=deactivated&q=${encodeURIComponent(person.email)}`);
    await expect(directoryTable(page).getByRole('row').nth(1)).toContainText('Deactivated');
  } finally {
    await ownerContext.close();
    await personContext.close();
  }
});

test('a member still active in another org is told their access to Acme was deactivated', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const personContext = await browser.newContext();
  try {
    const person = await joinDemoOrg(personContext, 'Otto Otherorg', 'viewer');
    const personPage = await personContext.newPage();
    await openPage(personPage, `/o/${DEMO_ORG.slug}`);
    await expect(personPage.getByRole('navigation', { name: 'Organization' })).toBeVisible();

    await logInByApi(ownerContext, DEMO.owner);
    const page = await ownerContext.newPage();
    await openPage(page, `/o/${DEMO_ORG.slug}/members/${person.membershipId}?confirm=deactivate`);
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await expect(page.getByText(`${person.name} is deactivated and signed out.`)).toBeVisible();

    await expect(personPage.getByText(`Your access to ${DEMO_ORG.name} was deactivated`)).toBeVisible({
      timeout: LIVE_WAIT,
    });
  } finally {
    await ownerContext.close();
    await personContext.close();
  }
});

test('the Owner cannot deactivate themselves: their own page offers no lifecycle actions', async ({ page }) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${DEMO_ORG.slug}/members?q=${encodeURIComponent(DEMO.owner)}`);
  await directoryTable(page).getByRole('link', { name: 'Olivia Owner' }).click();
  await expect(
    page.getByText('This is your own membership. To deactivate or remove yourself, ask another admin.'),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Deactivate…' })).toHaveCount(0);
});

test('an Admin opening the Owner sees why they cannot change them, and is offered no change', async ({ page }) => {
  await logInByApi(page.context(), DEMO.admin);
  await openPage(page, `/o/${DEMO_ORG.slug}/members?q=${encodeURIComponent(DEMO.owner)}`);
  await directoryTable(page).getByRole('link', { name: 'Olivia Owner' }).click();
  const notice = page.getByRole('region', { name: 'You cannot change Olivia Owner' });
  await expect(notice).toContainText('Change plan and payment methods (billing:manage)');
  await expect(page.getByRole('link', { name: 'Deactivate…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save profile' })).toHaveCount(0);
});

test('the directory searches and sorts without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    await logInByApi(context, DEMO.admin);
    const page = await context.newPage();
    await page.goto(`/o/${DEMO_ORG.slug}/members`);
    const search = page.getByRole('search', { name: 'Members' });
    await search.getByLabel('Search').fill('acme.test');
    await search.getByLabel('Status').selectOption('active');
    await search.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]q=acme.test/);
    const table = directoryTable(page);
    await expect(table.getByRole('link', { name: 'Adam Admin' })).toBeVisible();

    await table.getByRole('link', { name: /^Email/ }).click();
    await expect(page).toHaveURL(/sort=email/);
    await expect(table.getByRole('columnheader', { name: /^Email/ })).toHaveAttribute('aria-sort', 'ascending');
    await table.getByRole('link', { name: /^Email/ }).click();
    await expect(table.getByRole('columnheader', { name: /^Email/ })).toHaveAttribute('aria-sort', 'descending');
    const emails = await table.getByRole('row').locator('td:nth-child(2)').allTextContents();
    expect(emails.length).toBeGreaterThan(1);
    expect(emails).toEqual([...emails].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    // The filters survive sorting: the search box still holds what was typed.
    await expect(search.getByLabel('Search')).toHaveValue('acme.test');
  } finally {
    await context.close();
  }
});

test('two admins edit the same member: the later, stale save is refused and keeps what was typed', async ({
  browser,
}) => {
  const personContext = await browser.newContext();
  const ownerContext = await browser.newContext();
  try {
    const person = await joinDemoOrg(personContext, 'Sam Stale', 'viewer');
    await logInByApi(ownerContext, DEMO.owner);
    const first = await ownerContext.newPage();
    const second = await ownerContext.newPage();
    await openPage(first, `/o/${DEMO_ORG.slug}/members/${person.membershipId}`);
    await openPage(second, `/o/${DEMO_ORG.slug}/members/${person.membershipId}`);

    await first.getByLabel('Department').fill('Sales');
    await first.getByRole('button', { name: 'Save profile' }).click();
    await expect(first.getByText('Profile saved.')).toBeVisible();

    await second.getByLabel('Department').fill('Support');
    await second.getByRole('button', { name: 'Save profile' }).click();
    await expect(
      second.getByText('Someone else changed this member; review their changes and save again'),
    ).toBeVisible();
    await expect(second.getByLabel('Department')).toHaveValue('Support');
    await second.getByRole('link', { name: 'Reload to see their changes' }).click();
    await expect(second.getByLabel('Department')).toHaveValue('Sales');
  } finally {
    await personContext.close();
    await ownerContext.close();
  }
});
