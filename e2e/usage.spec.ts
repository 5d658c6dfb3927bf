/**
 * Usage as a member of Acme meets it (roll-ups written for the org in setup, as the roll-up job
 * leaves them): they open Usage from the side navigation, see this month's quota bars — API calls
 * past 80 % of Acme's Business plan in amber with an upgrade link, seats — and the charts; switch the
 * period (the URL follows); download the API calls of the period as CSV; and watch the numbers
 * move when a roll-up update is published, without reloading. A Viewer, without usage:read,
 * neither sees the entry nor gets the CSV. At 390 px the page still reads in one column.
 */
import AxeBuilder from '@axe-core/playwright';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi } from './support/people';
import { clearUsage, publishUsageUpdated, writeUsage } from './support/usage';
import { expect, test, type Page } from './support/test';

const ORG = `/o/${DEMO_ORG.slug}`;
const KEY_A = '11111111-1111-4111-8111-111111111111';
const KEY_B = '22222222-2222-4222-8222-222222222222';

test.describe.configure({ mode: 'serial' });

/** No serious or critical axe finding on the page as it stands. */
async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

test.beforeAll(async () => {
  await clearUsage(DEMO_ORG.slug);
  await writeUsage(DEMO_ORG.slug, [
    // This month so far: 1,700,000 of the Business plan's 2,000,000 calls (the demo's subscription).
    { metric: 'api_call', granularity: 'day', ago: 0, value: 1_700_000 },
    { metric: 'api_call', granularity: 'day', dimension: KEY_A, ago: 0, value: 1_200_000 },
    { metric: 'api_call', granularity: 'day', dimension: KEY_B, ago: 0, value: 500_000 },
    { metric: 'api_call', granularity: 'hour', ago: 1, value: 300 },
    { metric: 'api_call', granularity: 'hour', dimension: KEY_A, ago: 1, value: 200 },
    { metric: 'api_call', granularity: 'hour', dimension: KEY_B, ago: 1, value: 100 },
    { metric: 'active_user', granularity: 'hour', ago: 1, value: 3 },
    { metric: 'active_user', granularity: 'day', ago: 0, value: 4 },
    { metric: 'storage_bytes', granularity: 'hour', ago: 1, value: 1_250_000 },
    { metric: 'storage_bytes', granularity: 'day', ago: 0, value: 1_250_000 },
  ]);
});

test('a member opens Usage, reads quota bars and charts, switches period and downloads the CSV', async ({
  page,
  context,
}) => {
  await logInByApi(context, DEMO.member);
  await openPage(page, ORG);
  await page.getByRole('navigation').getByRole('link', { name: 'Usage' }).click();
  await expect(page).toHaveURL(new RegExp(`${ORG}/usage$`));
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();

  const apiQuota = page.getByTestId('quota-api-calls');
  await expect(apiQuota).toContainText('1,700,000 of 2,000,000 API calls (85 %)');
  await expect(apiQuota).toHaveAttribute('data-tone', 'warning');
  await expect(apiQuota.getByRole('link', { name: 'Upgrade to Enterprise' })).toHaveAttribute('href', `${ORG}/billing`);
  await expect(page.getByTestId('quota-seats')).toContainText('seats');

  // Default period: 30 days, by day.
  const apiChart = page.getByTestId('usage-chart-api_call');
  await expect(apiChart.getByTestId('usage-headline')).toHaveText('1,700,000 in the last 30 days');
  await expect(apiChart.locator('.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('usage-chart-storage_bytes').getByTestId('usage-headline')).toHaveText('1.3 MB');
  await expectAccessible(page);

  // 24 hours, by hour: the URL says so, and so do the numbers.
  await page.getByRole('link', { name: 'Last 24 hours' }).click();
  await expect(page).toHaveURL(/\?range=24h$/);
  await expect(apiChart.getByTestId('usage-headline')).toHaveText('300 in the last 24 hours');
  await expect(page.getByRole('link', { name: 'Last 24 hours' })).toHaveAttribute('aria-current', 'page');

  // Keyboard: the period links are reachable and follow on Enter.
  await page.getByRole('link', { name: 'Last 7 days' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?range=7d$/);
  // The URL changes as the navigation commits; the page renders the new period just after.
  await expect(page.getByRole('link', { name: 'Last 7 days' })).toHaveAttribute('aria-current', 'page');

  const download = page.waitForEvent('download');
  await apiChart.getByRole('link', { name: /Download CSV/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${DEMO_ORG.slug}-usage-api_call-7d.csv`);
  const csv = await context.request.get(`${ORG}/usage/export.csv?metric=api_call&range=7d`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('bucket_start_utc,total,Deleted key,Deleted key (2)');
  expect(lines).toHaveLength(1 + 168);
  expect(lines.filter((line) => line.endsWith(',300,200,100'))).toHaveLength(1);
});

test('a published usage update moves the numbers while the page is open', async ({ page, context }) => {
  await logInByApi(context, DEMO.member);
  await openPage(page, `${ORG}/usage?range=24h`);
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await expect(page.getByTestId('quota-api-calls')).toContainText('1,700,000 of 2,000,000');

  await writeUsage(DEMO_ORG.slug, [
    { metric: 'api_call', granularity: 'day', ago: 0, value: 2_040_000 },
    { metric: 'api_call', granularity: 'hour', ago: 0, value: 1_700 },
    { metric: 'api_call', granularity: 'hour', dimension: KEY_A, ago: 0, value: 1_700 },
  ]);
  await publishUsageUpdated(DEMO_ORG.slug, ['api_call']);

  const apiQuota = page.getByTestId('quota-api-calls');
  await expect(apiQuota).toContainText('2,040,000 of 2,000,000 API calls (102 %)');
  await expect(apiQuota).toHaveAttribute('data-tone', 'reached');
  await expect(page.getByTestId('usage-chart-api_call').getByTestId('usage-headline')).toHaveText(
    '2,000 in the last 24 hours',
  );
});

test('at 390 px the page reads in one column', async ({ page, context }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logInByApi(context, DEMO.member);
  await openPage(page, `${ORG}/usage`);
  await expect(page.getByTestId('quota-api-calls')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const quota = await page.getByTestId('quota-api-calls').boundingBox();
  const seats = await page.getByTestId('quota-seats').boundingBox();
  expect(seats!.y).toBeGreaterThan(quota!.y + quota!.height - 1);
  await expect(page.getByTestId('usage-chart-api_call').locator('.recharts-surface').first()).toBeVisible();
  await expectAccessible(page);
});

test('a viewer sees no Usage entry and cannot download usage', async ({ page, context }) => {
  await logInByApi(context, DEMO.viewer);
  await openPage(page, ORG);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Usage' })).toHaveCount(0);
  const csv = await context.request.get(`${ORG}/usage/export.csv?metric=api_call&range=7d`);
  expect(csv.status()).toBe(403);
});
