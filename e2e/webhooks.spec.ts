/**
 * Webhooks as an organization's admin meets them, against a real receiver on loopback (started
 * here with node:http; the e2e server allows loopback http through OUTBOUND_ALLOW_PRIVATE_URLS).
 * An admin adds an endpoint (a bad URL is explained next to the field, the `whsec_` secret is
 * shown once), sends a test event that the receiver gets with a Standard Webhooks signature that
 * checks out, and watches it turn Succeeded in the log without reloading; a failed delivery is
 * replayed once the receiver is fixed; an endpoint is edited, disabled, rotated and deleted; a
 * Member (webhooks:read) sees endpoints but no controls; and a Viewer, without webhooks:read,
 * neither sees the entry nor gets in.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { UNSAFE_TEXT_MESSAGE } from '../server/shared/safeText';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi, newPerson, signUpByApi } from './support/people';
import { expect, test, type Page } from './support/test';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

type Receiver = {
  url: (path: string) => string;
  received: Received[];
  /** The status requests to `path` get from now on (200 by default). */
  respondWith: (path: string, status: number) => void;
  close: () => Promise<void>;
};

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const statuses = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.get(path) ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'thanks' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    respondWith: (path, status) => statuses.set(path, status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let receiver: Receiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(() => receiver.close());

const WHSEC = /^whsec_[A-Za-z0-9+/=]{20,}$/;

/** Signs up a fresh Owner and adds an endpoint through the page; returns the secret shown once. */
async function addEndpoint(page: Page, slug: string, url: string): Promise<string> {
  await openPage(page, `/o/${slug}/webhooks/new`);
  const form = page.getByRole('form', { name: 'Add endpoint' });
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByRole('heading', { name: 'The endpoint was added' })).toBeVisible();
  const secret = await page.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(WHSEC);
  await page.getByRole('link', { name: 'Open the endpoint' }).click();
  await expect(page.getByRole('heading', { name: 'Webhook endpoint', level: 1 })).toBeVisible();
  return secret;
}

async function sendTestEvent(page: Page, eventType: string): Promise<void> {
  const choice = page.getByLabel('Event to stand for');
  // The disclosure stays open after a send.
  if (!(await choice.isVisible())) await page.getByText('Send test event…').click();
  await choice.selectOption(eventType);
  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test event sent' })).toBeVisible();
}

test('admin adds a webhook endpoint, sends a test event and sees it delivered', async ({ page }) => {
  const slug = await signUpByApi(page.context(), newPerson('webhooks'));
  await openPage(page, `/o/${slug}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).first().click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No endpoints yet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'See which events you can receive' })).toBeVisible();
  await page.getByRole('link', { name: 'Add endpoint' }).click();
  await expect(page.getByRole('heading', { name: 'Add endpoint', level: 1 })).toBeVisible();

  // The browser explains a bad URL and an empty choice next to the fields, before sending.
  const form = page.getByRole('form', { name: 'Add endpoint' });
  await form.getByLabel('Endpoint URL').fill('hooks.example.com/in');
  await form.getByLabel('Only the events ticked below').check();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Enter a full URL, starting with https://' })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Choose at least one event type' })).toBeVisible();
  await expect(form.getByLabel('Endpoint URL')).toBeFocused();

  // A URL the server will not call is refused next to the field, in its words.
  await form.getByLabel('All events (including future ones)').check();
  await form.getByLabel('Endpoint URL').fill(receiver.url('/journey').replace('http://', 'http://user:pw@'));
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Put no user name or password in the URL' })).toBeVisible();
  await expect(form.getByLabel('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');

  // The server refuses control characters, next to the field; markup is kept as text.
  const url = receiver.url('/journey');
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByLabel('Description (optional)').fill('CRM\u0000sync');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByRole('alert').filter({ hasText: UNSAFE_TEXT_MESSAGE })).toBeVisible();
  await expect(form.getByLabel('Endpoint URL')).toHaveValue(url);

  const description = `<img src=x onerror="document.title='owned'"><b>CRM</b> ${'x'.repeat(400)}`;
  await form.getByLabel('Description (optional)').fill(description);
  await form.getByLabel('Only the events ticked below').check();
  await form.getByRole('checkbox', { name: /member\.joined/ }).check();
  await form.getByRole('checkbox', { name: /role\.created/ }).check();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByRole('heading', { name: 'The endpoint was added' })).toBeVisible();
  await expect(page.getByText('you will not see it again')).toBeVisible();
  const secret = await page.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(WHSEC);

  await page.getByRole('link', { name: 'Open the endpoint' }).click();
  await expect(page.getByTestId('endpoint-url')).toHaveText(url);
  await expect(page.getByRole('main').locator('p').filter({ hasText: description })).toBeVisible();
  await expect(page.getByRole('main').locator('img')).toHaveCount(0);
  await expect(page.getByTestId('endpoint-state')).toHaveText('Enabled');
  await expect(page.getByText('member.joined', { exact: true }).first()).toBeVisible();
  expect(await page.title()).not.toBe('owned');
  // Once means once: the endpoint's page never carries the secret.
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await sendTestEvent(page, 'member.joined');
  const row = page.getByTestId('delivery-row').first();
  await expect(row.getByRole('link', { name: 'webhook.test' })).toBeVisible();
  // Pending first, then Succeeded without a reload.
  await expect(row.getByTestId('delivery-status')).toHaveText('Succeeded', { timeout: 20_000 });

  const [delivered] = receiver.received.filter((r) => r.path === '/journey');
  expect(delivered).toBeDefined();
  const verified = new Webhook(secret).verify(delivered!.body, delivered!.headers as Record<string, string>);
  expect(verified).toMatchObject({ type: 'webhook.test' });
  expect(delivered!.body).toContain('member.joined');

  // The delivery in full: the payload as sent, and the attempt with its request and answer.
  await row.getByRole('link', { name: 'webhook.test' }).click();
  await expect(page.getByRole('heading', { name: 'Delivery', level: 1 })).toBeVisible();
  await expect(page.getByTestId('delivery-payload')).toContainText('"type": "webhook.test"');
  const attempt = page.getByTestId('delivery-attempt').first();
  await expect(attempt.getByText('Attempt 1')).toBeVisible();
  await expect(attempt.getByText('200', { exact: true })).toBeVisible();
  await expect(attempt.getByText(`webhook-id: ${delivered!.headers['webhook-id']}`)).toBeVisible();
  await expect(attempt.getByTestId('response-body')).toHaveText('thanks');
  expect(await page.content()).not.toContain(secret);
});

test('admin replays a failed delivery once the receiver is fixed, then all failed ones', async ({ page }) => {
  const slug = await signUpByApi(page.context(), newPerson('webhooks-replay'));
  receiver.respondWith('/replay', 500);
  await addEndpoint(page, slug, receiver.url('/replay'));
  await sendTestEvent(page, 'role.created');

  await page.getByRole('link', { name: 'Failed', exact: true }).click();
  const row = page.getByTestId('delivery-row').first();
  await expect(row.getByTestId('delivery-status')).toHaveText('Failed', { timeout: 30_000 });
  await expect(row.getByRole('cell', { name: '500' })).toBeVisible();
  await expect(page.getByTestId('endpoint-state')).toHaveText('Enabled');

  receiver.respondWith('/replay', 200);
  await row.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The delivery is being sent again.' })).toBeVisible();
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await expect(page.getByTestId('delivery-row').first().getByTestId('delivery-status')).toHaveText('Succeeded', {
    timeout: 20_000,
  });

  // Two more fail; one confirmation replays both.
  receiver.respondWith('/replay', 503);
  await sendTestEvent(page, 'member.joined');
  await sendTestEvent(page, 'team.created');
  await expect(page.getByTestId('delivery-status').filter({ hasText: 'Failed' })).toHaveCount(2, { timeout: 30_000 });
  receiver.respondWith('/replay', 200);
  await page.getByText('Replay all failed…').click();
  await page.getByRole('button', { name: 'Replay 2 failed deliveries' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 failed deliveries are being sent again.' })).toBeVisible();
  await expect(page.getByTestId('delivery-status').filter({ hasText: 'Succeeded' })).toHaveCount(3, {
    timeout: 20_000,
  });
  // Each of the three was sent twice: once refused, once replayed.
  expect(receiver.received.filter((r) => r.path === '/replay')).toHaveLength(6);
});

test('admin edits (a stale save is refused), disables, rotates the secret of and deletes an endpoint', async ({
  page,
}) => {
  const slug = await signUpByApi(page.context(), newPerson('webhooks-edit'));
  const secret = await addEndpoint(page, slug, receiver.url('/edit'));

  const edit = page.getByRole('form', { name: 'Edit endpoint' });
  await edit.getByLabel('Description (optional)').fill('Billing sync');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByText('Billing sync').first()).toBeVisible();

  // Someone else saves first (another tab): this save is refused, what was typed is kept, saving again wins.
  const other = await page.context().newPage();
  await openPage(other, page.url());
  await other.getByRole('form', { name: 'Edit endpoint' }).getByLabel('Description (optional)').fill('Their sync');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await other.close();
  await edit.getByLabel('Description (optional)').fill('My sync');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The endpoint was not saved' })).toBeVisible();
  await expect(page.getByText('Their sync').first()).toBeVisible();
  await expect(edit.getByLabel('Description (optional)')).toHaveValue('My sync');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByText('My sync').first()).toBeVisible();

  await page.getByRole('button', { name: 'Disable endpoint' }).click();
  await expect(page.getByTestId('endpoint-state')).toHaveText('Disabled by you');
  await page.getByRole('button', { name: 'Enable endpoint' }).click();
  await expect(page.getByTestId('endpoint-state')).toHaveText('Enabled');

  await page.getByText('Rotate secret…').click();
  await page.getByLabel('The current secret').selectOption({ label: 'Keep signing with the old secret for 24 hours' });
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The previous secret keeps signing until' })).toBeVisible();
  const rotated = await page.getByTestId('webhook-secret').inputValue();
  expect(rotated).toMatch(WHSEC);
  expect(rotated).not.toBe(secret);
  await expect(page.getByText(/Previous secret valid until/)).toBeVisible();

  // During the overlap each request carries two signatures: a receiver holding either secret verifies it.
  await sendTestEvent(page, 'api_key.created');
  await expect(page.getByTestId('delivery-status').first()).toHaveText('Succeeded', { timeout: 20_000 });
  const [signed] = receiver.received.filter((r) => r.path === '/edit');
  expect(String(signed!.headers['webhook-signature']).split(' ')).toHaveLength(2);
  for (const key of [secret, rotated]) {
    expect(new Webhook(key).verify(signed!.body, signed!.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });
  }

  await page.getByRole('button', { name: 'Delete endpoint' }).click();
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The endpoint was deleted.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No endpoints yet' })).toBeVisible();
});

test('a Member sees the endpoints and their deliveries but none of the controls', async ({ page, browser }) => {
  const owner = await browser.newContext();
  const url = receiver.url(`/member-view-${Date.now().toString(36)}`);
  try {
    await logInByApi(owner, DEMO.owner);
    const response = await owner.request.post('/trpc/webhooks.create', {
      data: { json: { orgSlug: DEMO_ORG.slug, url, eventTypes: ['api_key.deleted'] } },
    });
    expect(response.ok(), await response.text()).toBe(true);
  } finally {
    await owner.close();
  }

  await logInByApi(page.context(), DEMO.member);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).first().click();
  const card = page.getByTestId('webhook-endpoint').filter({ hasText: url });
  await expect(card.getByText('1 event type')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add endpoint' })).toHaveCount(0);

  await card.getByRole('link', { name: url }).click();
  await expect(page.getByTestId('endpoint-url')).toHaveText(url);
  await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible();
  for (const control of ['Disable endpoint', 'Delete endpoint', 'Save changes']) {
    await expect(page.getByRole('button', { name: control })).toHaveCount(0);
  }
  await expect(page.getByText('Rotate secret…')).toHaveCount(0);
  await expect(page.getByText('Send test event…')).toHaveCount(0);

  const response = await openPage(page, `/o/${DEMO_ORG.slug}/webhooks/new`);
  expect(response?.status()).toBe(403);
  await expect(page.getByText(/create, edit and test webhook endpoints/i)).toBeVisible();
});

test('a Viewer neither sees webhooks in the navigation nor gets in', async ({ page }) => {
  await logInByApi(page.context(), DEMO.viewer);
  await openPage(page, `/o/${DEMO_ORG.slug}`);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
  for (const path of ['webhooks', 'webhooks/events', 'webhooks/new']) {
    const response = await openPage(page, `/o/${DEMO_ORG.slug}/${path}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
    await expect(page.getByText(/view webhook endpoints|create, edit and test webhook endpoints/i)).toBeVisible();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('admin adds an endpoint and sends a test event with plain forms', async ({ page }) => {
    const slug = await signUpByApi(page.context(), newPerson('webhooks-nojs'));
    await page.goto(`/o/${slug}/webhooks/new`);
    await page.getByLabel('Endpoint URL').fill(receiver.url('/nojs'));
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(WHSEC);
    await page.getByRole('link', { name: 'Open the endpoint' }).click();
    await page.getByText('Send test event…').click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect(page.getByText('Test event sent')).toBeVisible();
    await expect.poll(() => receiver.received.filter((r) => r.path === '/nojs').length, { timeout: 15_000 }).toBe(1);
  });
});
