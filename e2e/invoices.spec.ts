/**
 * Invoices as an organization's billing contact meets them (the invoices are written into the
 * database as the Stripe mirror would write them): the contact opens Invoices from the navigation,
 * reads an invoice whose payment failed — bill-to, lines, totals, the banner, the way to Stripe's
 * page — and downloads the portal's PDF; with no invoices yet the page says where they will come
 * from, and on a phone each invoice is a card; a Viewer has no Invoices entry and is refused the
 * page in words.
 */
import { readFile } from 'node:fs/promises';
import { joinAsBillingContact, seedInvoices } from './support/invoices';
import { openPage } from './support/hydration';
import { DEMO, DEMO_ORG, logInByApi, newPerson, signUpByApi } from './support/people';
import { expect, test, type Browser } from './support/test';

/** A fresh organization (its owner signs up in a context of their own) and its billing contact. */
async function orgWithBillingContact(browser: Browser, viewport?: { width: number; height: number }) {
  const ownerContext = await browser.newContext();
  const slug = await signUpByApi(ownerContext, newPerson('Invoice Owner'));
  await ownerContext.close();
  const context = await browser.newContext(viewport ? { viewport } : {});
  await joinAsBillingContact(context, slug);
  return { slug, context };
}

test('a billing contact opens Invoices, reads an invoice whose payment failed and downloads its PDF', async ({
  browser,
}) => {
  const { slug, context } = await orgWithBillingContact(browser);
  const suffix = slug.slice(-6).toUpperCase();
  await seedInvoices(slug, [
    {
      number: `E2E-${suffix}-0001`,
      status: 'paid',
      issuedAt: new Date(Date.UTC(2026, 9, 1)),
      lines: [{ description: 'Team plan, October', quantity: 1, unitAmount: 4_900 }],
    },
    {
      number: `E2E-${suffix}-0002`,
      status: 'open',
      issuedAt: new Date(Date.UTC(2026, 10, 1)),
      lines: [
        { description: 'Business plan, November', quantity: 1, unitAmount: 19_900 },
        { description: 'Extra seats', quantity: 3, unitAmount: 1_500 },
      ],
      paymentError: 'Your card was declined.',
      hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_e2e/test_e2e',
    },
  ]);
  try {
    const page = await context.newPage();
    await openPage(page, `/o/${slug}`);
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${slug}/invoices$`));
    const rows = page.getByTestId('invoice-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText(`E2E-${suffix}-0002`);
    await expect(rows.first()).toContainText('€244.00');
    await expect(rows.first().getByTestId('invoice-status')).toHaveText('Open');
    await expect(rows.nth(1).getByTestId('invoice-status')).toHaveText('Paid');

    await rows
      .first()
      .getByRole('link', { name: `E2E-${suffix}-0002`, exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Invoice E2E-${suffix}-0002`);
    await expect(page.getByTestId('payment-failed')).toContainText('Your card was declined.');
    await expect(page.getByTestId('bill-to')).toContainText('Friedrichstraße 68');
    await expect(page.getByTestId('invoice-lines')).toContainText('Extra seats');
    await expect(page.getByTestId('invoice-totals')).toContainText('€244.00');
    await expect(page.getByRole('link', { name: /View on Stripe/ })).toHaveAttribute(
      'href',
      'https://invoice.stripe.com/i/acct_e2e/test_e2e',
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`invoice-E2E-${suffix}-0002.pdf`);
    const file = await readFile((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  } finally {
    await context.close();
  }
});

test('a billing contact without invoices is told where they come from, and on a phone invoices are cards', async ({
  browser,
}) => {
  const { slug, context } = await orgWithBillingContact(browser, { width: 390, height: 844 });
  try {
    const page = await context.newPage();
    await openPage(page, `/o/${slug}/invoices`);
    await expect(page.getByTestId('no-invoices')).toContainText(
      'No invoices yet — they appear here once Stripe bills the organization',
    );

    await seedInvoices(slug, [
      {
        number: `E2E-${slug.slice(-6).toUpperCase()}-0101`,
        status: 'paid',
        issuedAt: new Date(Date.UTC(2026, 10, 1)),
        lines: [{ description: 'Team plan', quantity: 1, unitAmount: 4_900 }],
      },
    ]);
    await openPage(page, `/o/${slug}/invoices`);
    const cards = page.getByTestId('invoice-cards');
    await expect(cards).toBeVisible();
    await expect(page.getByTestId('invoice-table')).toBeHidden();
    await expect(cards).toContainText('€49.00');
    await expect(cards.getByRole('link', { name: /Download PDF of invoice/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  } finally {
    await context.close();
  }
});

test('a Viewer has no Invoices entry and is refused the page in words', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    await logInByApi(context, DEMO.viewer);
    const page = await context.newPage();
    await openPage(page, `/o/${DEMO_ORG.slug}`);
    await expect(page.getByRole('link', { name: 'Members', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Invoices', exact: true })).toHaveCount(0);
    const response = await page.goto(`/o/${DEMO_ORG.slug}/invoices`);
    expect(response?.status()).toBe(403);
    await expect(page.getByText(/view and download invoices/i)).toBeVisible();
  } finally {
    await context.close();
  }
});
