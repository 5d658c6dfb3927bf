/**
 * The audit trail as an Owner and a Viewer meet it: the Owner renames a role and finds the change
 * in the audit viewer with its before/after diff and a verified chain; with the live tail on, a new
 * event appears without a reload; a Viewer is offered no Audit link and is refused the page.
 */
import { expect, test } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { screenshotForReview, trpcCall, uniqueRoleName } from './support/roles';

type RoleRef = { id: string; name: string; version: number };

test('an Owner changes a role and sees the event with its before/after diff in the audit viewer', async ({ page }) => {
  const orgSlug = DEMO_ORG.slug;
  await logInByApi(page.context(), DEMO.owner);
  const name = uniqueRoleName('Auditor');
  const role = await trpcCall<RoleRef>(page.request, 'mutation', 'roles.create', {
    orgSlug,
    name,
    permissions: ['org:read'],
  });

  await openPage(page, `/o/${orgSlug}/roles/${role.id}`);
  const renamed = `${name} EU`;
  await page.getByLabel('Name', { exact: true }).fill(renamed);
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was saved' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Chain verified ✓' })).toBeVisible({ timeout: 20_000 });

  await page.getByLabel('Resource id').fill(role.id);
  await page.getByLabel('Actions (comma-separated)').fill('roles.update');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(DEMO.owner);
  await rows.first().getByRole('link', { name: 'roles.update' }).click();

  const detail = page.getByRole('complementary');
  await expect(detail.getByRole('heading', { name: /roles\.update/ })).toBeVisible();
  const nameRow = detail.getByRole('table', { name: 'Changes' }).locator('tr', { hasText: /^name/ });
  await expect(nameRow).toHaveAttribute('data-kind', 'changed');
  await expect(nameRow).toContainText(`"${name}"`);
  await expect(nameRow).toContainText(`"${renamed}"`);
  await expect(detail).toContainText('success');
  await screenshotForReview(page, 'audit-detail.png');
});

test('with the live tail on, a new event appears without a reload', async ({ page, browser }) => {
  const orgSlug = DEMO_ORG.slug;
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${orgSlug}/audit?actions=roles.create`);
  await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'still here'));
  await page.getByLabel('Live tail').check();
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible({ timeout: 15_000 });

  const admin = await browser.newContext();
  try {
    await logInByApi(admin, DEMO.admin);
    const name = uniqueRoleName('Live tail');
    const role = await trpcCall<RoleRef>(admin.request, 'mutation', 'roles.create', { orgSlug, name, permissions: [] });
    const row = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr').first();
    await expect(row).toContainText(DEMO.admin, { timeout: 15_000 });
    await expect(row).toContainText('roles.create');
    await expect(row).toContainText(role.id.slice(0, 8));
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker)).toBe('still here');
    await screenshotForReview(page, 'audit-live.png');
  } finally {
    await admin.close();
  }
});

test('an Owner downloads the filtered trail as CSV, and the export is itself recorded', async ({ page }) => {
  const orgSlug = DEMO_ORG.slug;
  await logInByApi(page.context(), DEMO.owner);
  await trpcCall(page.request, 'mutation', 'roles.create', {
    orgSlug,
    name: uniqueRoleName('Exported'),
    permissions: [],
  });
  await openPage(page, `/o/${orgSlug}/audit?actions=roles.create`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-acme-\d{4}-\d{2}-\d{2}\.csv$/);
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toMatch(/^seq,id,occurred_at,actor_type,/);
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(',roles.create,'))).toBe(true);

  await openPage(page, `/o/${orgSlug}/audit?actions=audit.export`);
  const row = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr').first();
  await expect(row).toContainText('audit.export');
  await expect(row).toContainText(DEMO.owner);
});

test('a Viewer has no Audit link and is refused the audit page', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  const nav = page.getByRole('navigation', { name: 'Organization' });
  await expect(nav.getByRole('link', { name: 'Roles' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  const response = await page.goto(`/o/${DEMO_ORG.slug}/audit`);
  expect(response?.status()).toBe(403);
});
