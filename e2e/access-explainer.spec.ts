/**
 * An admin asks why a member may or may not do something. The demo Viewer is given, for the
 * length of the journey, a custom role granting audit:export only for amounts under 1,000 (the
 * demo org is shared by every spec, so their roles are put back at the end). The answer names
 * the role, the grant and what the condition gave; a refused question points at the field; an
 * answer is a link; the page works without JavaScript; and people who may not manage roles are
 * not offered it.
 */
import { expect, test, type APIRequestContext, type Page } from './support/test';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { screenshotForReview, trpcCall, uniqueRoleName } from './support/roles';

type RoleRef = { id: string; name: string; systemKey: string | null };

const orgSlug = DEMO_ORG.slug;
const explainPath = `/o/${orgSlug}/roles/explain`;

/** The Viewer's membership id, as the member picker offers it. */
async function viewerMembershipId(page: Page): Promise<string> {
  const option = page.getByLabel('Member', { exact: true }).locator('option', { hasText: DEMO.viewer });
  const value = await option.getAttribute('value');
  expect(value).toMatch(/^[0-9a-f-]{36}$/);
  return value!;
}

/** Gives the demo Viewer a conditional audit:export role (a permission the Viewer lacks); returns how to put things back. */
async function withConditionalRole(owner: APIRequestContext, membershipId: string) {
  const name = uniqueRoleName('Small invoices');
  const before = await trpcCall<{ roles: RoleRef[] }>(owner, 'query', 'roles.memberRoles', { orgSlug, membershipId });
  const role = await trpcCall<RoleRef>(owner, 'mutation', 'roles.create', {
    orgSlug,
    name,
    grants: [{ permission: 'audit:export', condition: 'resource.amount < 1000' }],
  });
  await trpcCall(owner, 'mutation', 'roles.setMemberRoles', {
    orgSlug,
    membershipId,
    roleIds: [...before.roles.map((r) => r.id), role.id],
  });
  return {
    name,
    restore: async () => {
      await trpcCall(owner, 'mutation', 'roles.setMemberRoles', {
        orgSlug,
        membershipId,
        roleIds: before.roles.map((r) => r.id),
      });
      await trpcCall(owner, 'mutation', 'roles.delete', { orgSlug, roleId: role.id });
    },
  };
}

test('an Owner explains why a member may read a small invoice but not a large one, and shares the answer as a link', async ({
  page,
}) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, `/o/${orgSlug}/roles`);
  await page.getByRole('link', { name: 'Explain access' }).click();
  await expect(page.getByRole('heading', { name: 'Explain access', level: 1 })).toBeVisible();
  await expect(page.getByText('Choose a member and a permission, then Explain access.')).toBeVisible();

  const membershipId = await viewerMembershipId(page);
  const role = await withConditionalRole(page.context().request, membershipId);
  try {
    await page.getByLabel('Member', { exact: true }).selectOption(membershipId);
    await page.getByLabel('Permission').selectOption('audit:export');
    await page.getByLabel('Attribute 1 name').fill('amount');
    await page.getByLabel('Attribute 1 value').fill('250');
    await page.getByRole('button', { name: 'Explain access' }).click();

    const answer = page.getByRole('status').filter({ hasText: 'audit:export' });
    await expect(answer).toContainText('Allowed: Victor Viewer may use audit:export');
    const paths = page.getByRole('list', { name: 'Paths to the grant' });
    await expect(paths).toContainText(`Role ${role.name}`);
    await expect(paths).toContainText('resource.amount < 1000');
    await expect(paths).toContainText('evaluates to true');
    await expect(paths).toContainText('This path allows');
    await expect(page.getByText('amount = 250 (number)')).toBeVisible();
    await expect(page).toHaveURL(/permission=audit%3Aexport/);
    await screenshotForReview(page, 'explain-allowed.png');

    await page.getByLabel('Attribute 1 value').fill('5000');
    await page.getByRole('button', { name: 'Explain access' }).click();
    await expect(answer).toContainText('Denied: Victor Viewer may not use audit:export');
    await expect(paths).toContainText('evaluates to false');
    await expect(paths).toContainText('This path does not allow');

    // The answer is a link: opened afresh, it asks the same question.
    const link = page.url();
    await openPage(page, new URL(link).pathname + new URL(link).search);
    await expect(page.getByRole('status').filter({ hasText: 'audit:export' })).toContainText('Denied');
    await expect(page.getByLabel('Member', { exact: true })).toHaveValue(membershipId);
    await expect(page.getByLabel('Attribute 1 value')).toHaveValue('5000');
  } finally {
    await role.restore();
  }
});

test('a question without a permission is refused next to that field, and a member link opens with them chosen', async ({
  page,
}) => {
  await logInByApi(page.context(), DEMO.admin);
  await openPage(page, explainPath);
  const membershipId = await viewerMembershipId(page);

  await openPage(page, `${explainPath}?member=${membershipId}`);
  await expect(page.getByLabel('Member', { exact: true })).toHaveValue(membershipId);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);

  await page.getByLabel('Attribute 1 name').fill('1 bad name');
  await page.getByRole('button', { name: 'Explain access' }).click();
  const permission = page.getByLabel('Permission');
  await expect(permission).toHaveAttribute('aria-invalid', 'true');
  await expect(permission).toHaveAccessibleDescription('Choose a permission');
  await expect(page.getByLabel('Attribute 1 name')).toHaveAccessibleDescription(/Use letters, digits and _/);
  await expect(page.getByText('No answer yet: correct the fields above and explain again.')).toBeVisible();
  await screenshotForReview(page, 'explain-errors.png');

  await permission.selectOption('roles:manage');
  await page.getByLabel('Attribute 1 name').fill('');
  await page.getByRole('button', { name: 'Explain access' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'roles:manage' })).toContainText(
    'Denied: Victor Viewer may not use roles:manage',
  );
  await expect(page.getByText('None of Victor Viewer’s roles grants roles:manage')).toBeVisible();
});

test('the member search narrows the picker and says when nobody matches', async ({ page }) => {
  await logInByApi(page.context(), DEMO.owner);
  await openPage(page, explainPath);
  const search = page.getByRole('search', { name: 'Find a member' });
  await search.getByLabel('Find a member by name or email').fill('victor');
  await search.getByRole('button', { name: 'Find' }).click();
  await expect(page).toHaveURL(/q=victor/);
  const member = page.getByLabel('Member', { exact: true });
  await expect(member.locator('option', { hasText: DEMO.viewer })).toHaveCount(1);
  await expect(member.locator('option', { hasText: DEMO.owner })).toHaveCount(0);

  await search.getByLabel('Find a member by name or email').fill('nobody-by-this-name');
  await search.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByText('No member matches “nobody-by-this-name”.')).toBeVisible();
});

test('a Viewer is not offered the explainer, and opening it directly is refused', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${orgSlug}/roles`);
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Explain access' })).toHaveCount(0);
  const response = await page.goto(explainPath);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an Owner asks and gets the answer through the plain form', async ({ page }) => {
    await logInByApi(page.context(), DEMO.owner);
    await page.goto(explainPath);
    await page.getByLabel('Member', { exact: true }).selectOption(await viewerMembershipId(page));
    await page.getByLabel('Permission').selectOption('org:read');
    await page.getByRole('button', { name: 'Explain access' }).click();
    await expect(page).toHaveURL(/explain=1/);
    await expect(page.getByRole('status').filter({ hasText: 'org:read' })).toContainText(
      'Allowed: Victor Viewer may use org:read',
    );
    await expect(page.getByRole('list', { name: 'Paths to the grant' })).toContainText('Role Viewer');
  });
});
