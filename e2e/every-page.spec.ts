/**
 * Every main page, on a laptop (1366 px) and a phone (390 px): it hydrates without an error (the
 * shared fixture fails the test on any console error or uncaught exception), nothing makes the
 * page wider than the screen, and axe finds no serious or critical accessibility violation. The
 * Owner walks the organization's pages, a Viewer meets the 403 pages, and a signed-out visitor
 * the sign-in pages and the 404 page. A team and a member with long unbroken names are made first,
 * so the tables, the tree and the activity feed must wrap or truncate them.
 */
import AxeBuilder from '@axe-core/playwright';
import { orgSwitcher } from './support/dashboard';
import { openPage } from './support/hydration';
import { joinDemoOrg } from './support/members';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { createTeamByApi } from './support/teams';
import { expect, test, type BrowserContext, type Page } from './support/test';

const WIDTHS = [1366, 390] as const;
const ORG = `/o/${DEMO_ORG.slug}`;
const LONG = 'Supercalifragilisticexpialidocious'.repeat(2);

/**
 * What a page must be at every width: no horizontal scrolling, a target for the skip link, no
 * serious or critical axe finding.
 */
async function checkPage(page: Page, label: string): Promise<void> {
  const width = await page.evaluate(() => ({
    scroll: document.scrollingElement?.scrollWidth ?? 0,
    inner: window.innerWidth,
  }));
  expect.soft(width.scroll, `${label} is wider than the screen`).toBeLessThanOrEqual(width.inner);
  await expect.soft(page.locator(`main#main-content`), `${label}: the skip link's target`).toHaveCount(1);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(serious, `${label}: axe violations`).toEqual([]);
}

async function visit(page: Page, path: string, label: string): Promise<void> {
  await test.step(label, async () => {
    await openPage(page, path);
    await checkPage(page, label);
  });
}

let teamId = '';
let longMemberId = '';
let endpointId = '';
let deliveryId = '';

/** A webhook endpoint with a long unbroken URL, through the procedure the page calls; subscribed to one rare event. */
async function createEndpointByApi(context: BrowserContext): Promise<string> {
  const response = await context.request.post('/trpc/webhooks.create', {
    data: {
      json: {
        orgSlug: DEMO_ORG.slug,
        url: `http://127.0.0.1:9/${LONG}${Date.now().toString(36)}`,
        description: LONG,
        eventTypes: ['api_key.deleted'],
      },
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { endpoint: { id: string } } } } };
  return body.result.data.json.endpoint.id;
}

/** A test event to that endpoint (nothing listens on port 9: it fails, with an error to show). */
async function sendTestByApi(context: BrowserContext, id: string): Promise<string> {
  const response = await context.request.post('/trpc/webhooks.sendTest', {
    data: { json: { orgSlug: DEMO_ORG.slug, id } },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { deliveryId: string } } } };
  return body.result.data.json.deliveryId;
}

test.beforeAll(async ({ browser }) => {
  const owner = await browser.newContext();
  const person = await browser.newContext();
  try {
    await logInByApi(owner, DEMO.owner);
    teamId = await createTeamByApi(owner, { name: `${LONG} ${Date.now().toString(36)}` });
    endpointId = await createEndpointByApi(owner);
    deliveryId = await sendTestByApi(owner, endpointId);
    longMemberId = (await joinDemoOrg(person, 'Long', 'member', { name: LONG })).membershipId;
  } finally {
    await owner.close();
    await person.close();
  }
});

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('the Owner opens every page of the organization', async ({ page }) => {
      // Twenty-five pages, each hydrated and scanned by axe.
      test.slow();
      await logInByApi(page.context(), DEMO.owner);
      await visit(page, ORG, 'dashboard');
      await visit(page, `${ORG}/members`, 'members');
      await visit(page, `${ORG}/members/${longMemberId}`, 'member detail');
      await visit(page, `${ORG}/teams`, 'teams');
      await visit(page, `${ORG}/teams/${teamId}`, 'team detail');
      await visit(page, `${ORG}/roles`, 'roles');
      const roleHref = await page.getByRole('link', { name: 'Admin', exact: true }).first().getAttribute('href');
      await visit(page, roleHref ?? `${ORG}/roles`, 'role editor');
      await visit(page, `${ORG}/roles/explain`, 'explain access');
      await visit(page, `${ORG}/invitations`, 'invitations');
      await visit(page, `${ORG}/audit`, 'audit');
      await visit(page, `${ORG}/audit/push`, 'audit push');
      await visit(page, `${ORG}/api-keys`, 'API keys');
      await visit(page, `${ORG}/webhooks`, 'webhooks');
      await visit(page, `${ORG}/webhooks/new`, 'add webhook endpoint');
      await visit(page, `${ORG}/webhooks/${endpointId}`, 'webhook endpoint');
      await visit(page, `${ORG}/webhooks/${endpointId}/deliveries/${deliveryId}`, 'webhook delivery');
      await visit(page, `${ORG}/webhooks/events`, 'webhook events');
      await visit(page, `${ORG}/activity`, 'activity');
      await visit(page, `${ORG}/notifications`, 'notifications');
      await visit(page, `${ORG}/settings`, 'settings');
      await visit(page, '/account', 'account');
      await visit(page, `${ORG}/no-such-page`, 'a missing page inside the org');
    });

    test('the Owner opens the billing, invoice and usage pages', async ({ page }) => {
      await logInByApi(page.context(), DEMO.owner);
      await visit(page, `${ORG}/billing`, 'billing');
      await visit(page, `${ORG}/invoices`, 'invoices');
      // The demo's twelve months of invoices: the newest one's page.
      const invoiceHref = await page.locator(`a[href^="${ORG}/invoices/in_"]`).first().getAttribute('href');
      expect(invoiceHref, 'a demo invoice').toBeTruthy();
      await visit(page, invoiceHref!, 'invoice');
      await visit(page, `${ORG}/usage`, 'usage');
      await visit(page, `${ORG}/settings/retention`, 'audit retention');
    });

    test('a Viewer is refused the settings, the audit trail, API keys and webhooks in words, inside the app', async ({
      page,
    }) => {
      await logInByApi(page.context(), DEMO.viewer);
      for (const [path, missing] of [
        [`${ORG}/settings`, /edit the organization profile/i],
        [`${ORG}/audit`, /view the audit trail/i],
        [`${ORG}/api-keys`, /create and revoke API keys/i],
        [`${ORG}/webhooks`, /view webhook endpoints/i],
        [`${ORG}/usage`, /view usage/i],
        [`${ORG}/billing`, /view plan and billing details/i],
        [`${ORG}/invoices`, /view and download invoices/i],
      ] as const) {
        await test.step(path, async () => {
          const response = await openPage(page, path);
          expect(response?.status()).toBe(403);
          await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
          await expect(page.getByText(missing)).toBeVisible();
          await expect(page.getByText(/Owner or an Admin/)).toBeVisible();
          await expect(page.getByText(/\([a-z_]+:[a-z_]+\)/)).toHaveCount(0);
          await expect(orgSwitcher(page, DEMO_ORG.name)).toBeVisible();
          await checkPage(page, `403 ${path}`);
        });
      }
    });

    test('a visitor opens the sign-in pages and a page that does not exist', async ({ page }) => {
      await visit(page, '/login', 'login');
      await visit(page, '/signup', 'signup');
      await visit(page, '/forgot', 'forgot');
      await test.step('404', async () => {
        const response = await openPage(page, '/no-such-page');
        expect(response?.status()).toBe(404);
        await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
        await checkPage(page, '404');
        // A page without an autofocused field: the first Tab reaches the skip link.
        await page.keyboard.press('Tab');
        await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
      });
    });
  });
}
