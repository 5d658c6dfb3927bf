/**
 * Audit push as an Owner meets it: they point the org's audit push at their own receiver (a real
 * HTTP server on loopback, started here; the e2e server allows loopback http through
 * OUTBOUND_ALLOW_PRIVATE_URLS), see the signing secret exactly once, send a test event, and the
 * receiver gets it with a signature that checks out against that secret.
 */
import { expect, test } from './support/test';
import { startTestReceiver, type TestReceiver } from '../server/audit/push/testReceiver';
import { openPage } from './support/hydration';
import { newPerson, signUpByApi } from './support/people';

let receiver: TestReceiver;
test.beforeAll(async () => {
  receiver = await startTestReceiver();
});
test.afterAll(() => receiver.close());

test('an Owner configures audit push, sees the secret once, and the receiver gets a signed test event', async ({
  page,
}) => {
  const slug = await signUpByApi(page.context(), newPerson('audit-push'));
  await openPage(page, `/o/${slug}/audit`);
  await page.getByRole('link', { name: 'Push to your endpoint →' }).click();
  await expect(page.getByRole('heading', { name: 'Push to your endpoint', level: 1 })).toBeVisible();
  await expect(page.getByText('No endpoint is configured')).toBeVisible();

  // A refused URL is explained next to the field.
  await page.getByLabel('Endpoint URL').fill('ftp://example.com/in');
  await page.getByRole('button', { name: 'Save and turn on' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The URL must start with https://' })).toBeVisible();

  const url = receiver.url('/e2e-push');
  await page.getByLabel('Endpoint URL').fill(url);
  await page.getByRole('button', { name: 'Save and turn on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. Pushing is on.' })).toBeVisible();
  await expect(page.getByText('you won’t see it again')).toBeVisible();
  const secret = await page.getByTestId('push-signing-secret').inputValue();
  expect(secret).toMatch(/^apsk_[\w-]{43}$/);
  await expect(page.getByTestId('push-url')).toHaveText(url);

  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test event delivered (HTTP 200).' })).toBeVisible();
  // Once means once: the next response no longer carries it, and neither does a reload.
  await expect(page.getByTestId('push-signing-secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('push-url')).toHaveText(url);
  await expect(page.getByTestId('push-signing-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  const [push] = receiver.received.filter((p) => p.path === '/e2e-push');
  expect(push).toBeDefined();
  expect(receiver.verify(push!, secret)).toMatchObject({ ok: true });
  expect(push!.headers['atrium-event-count']).toBe('1');
  expect(push!.lines).toEqual([expect.objectContaining({ action: 'audit.push_test', test: true })]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an Owner configures audit push and sends a test event with plain forms', async ({ page }) => {
    const slug = await signUpByApi(page.context(), newPerson('audit-push-nojs'));
    await page.goto(`/o/${slug}/audit/push`);
    const url = receiver.url('/e2e-push-nojs');
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByRole('button', { name: 'Save and turn on' }).click();
    const secret = await page.getByTestId('push-signing-secret').inputValue();
    expect(secret).toMatch(/^apsk_/);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect(page.getByText('Test event delivered (HTTP 200).')).toBeVisible();
    const [push] = receiver.received.filter((p) => p.path === '/e2e-push-nojs');
    expect(receiver.verify(push!, secret)).toMatchObject({ ok: true });
  });
});
