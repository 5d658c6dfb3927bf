/**
 * The invoice PDF, read back with a real PDF parser (unpdf's extractText): the vendor, the
 * customer, the number, every line description and the formatted totals are there; a paid
 * invoice carries the PAID mark; 120 lines continue over several pages; hostile text (NUL, lone
 * surrogates, a 10,000-character description, HTML, emoji) renders instead of breaking the file.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { InvoiceDetail } from '../../shared/invoiceSchemas';
import { formatMoney } from '../../shared/money';
import { renderInvoicePdf, type InvoiceVendor } from './pdf';

const VENDOR: InvoiceVendor = {
  name: 'Atrium Cloud Ltd',
  addressLines: ['1 Harbour Street', 'Dublin D02 XY00', 'Ireland'],
  taxId: 'IE1234567T',
};

function invoice(overrides: Partial<InvoiceDetail> = {}): InvoiceDetail {
  const lines = overrides.lines ?? [
    {
      id: 'il_1',
      description: 'Team plan (Dec 2026)',
      quantity: 1,
      unitAmount: 4_900,
      amount: 4_900,
      periodStart: null,
      periodEnd: null,
    },
    {
      id: 'il_2',
      description: 'API calls over quota',
      quantity: 12_000,
      unitAmount: null,
      amount: 1_234,
      periodStart: null,
      periodEnd: null,
    },
  ];
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    id: 'in_1TestInvoice',
    number: 'ACME-0042',
    status: 'paid',
    currency: 'eur',
    subtotal,
    tax: 1_166,
    total: subtotal + 1_166,
    amountPaid: subtotal + 1_166,
    amountDue: 0,
    periodStart: '2026-11-01T00:00:00.000Z',
    periodEnd: '2026-12-01T00:00:00.000Z',
    issuedAt: '2026-12-01T09:00:00.000Z',
    dueAt: '2026-12-15T00:00:00.000Z',
    paidAt: '2026-12-01T09:05:00.000Z',
    paymentError: null,
    customer: {
      name: 'Acme Corp',
      email: 'billing@acme.test',
      address: { line1: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
      taxId: 'DE123456789',
    },
    hostedInvoiceUrl: null,
    stripePdfUrl: null,
    ...overrides,
    lines,
  };
}

async function read(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(document, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), pages: totalPages };
}

describe('invoice PDF', () => {
  it('prints the vendor, the customer, the number, each line and the formatted totals', async () => {
    const paid = invoice({ stripePdfUrl: 'https://pay.stripe.com/invoice/acct_1/test_abc/pdf' });
    const pdf = await renderInvoicePdf(paid, VENDOR);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await read(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      'Atrium Cloud Ltd',
      'Dublin D02 XY00',
      'IE1234567T',
      'ACME-0042',
      'Acme Corp',
      'Friedrichstraße 68',
      'DE123456789',
      'Team plan (Dec 2026)',
      'API calls over quota',
      '12,000',
      '1 Dec 2026',
      '15 Dec 2026',
      'PAID',
      'https://pay.stripe.com/invoice/acct_1/test_abc/pdf',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(formatMoney(paid.total, 'eur'));
    expect(formatMoney(paid.total, 'eur')).toBe('€73.00');
    expect(text).toContain('€12.34');
  });

  it('leaves the PAID mark off an open invoice and shows what is still due', async () => {
    const open = invoice({ status: 'open', amountPaid: 0, amountDue: 7_300, currency: 'usd' });
    const { text } = await read(await renderInvoicePdf(open, VENDOR));
    expect(text).not.toContain('PAID');
    expect(text).toContain('Amount due $73.00');
  });

  it('continues 120 lines over several pages, every description printed once', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      id: `il_${i}`,
      description: `Seat ${String(i).padStart(3, '0')} for the month`,
      quantity: 1,
      unitAmount: 1_000,
      amount: 1_000,
      periodStart: null,
      periodEnd: null,
    }));
    const { text, pages } = await read(await renderInvoicePdf(invoice({ lines }), VENDOR));
    expect(pages).toBeGreaterThan(2);
    for (let i = 0; i < 120; i++) {
      expect(text.split(`Seat ${String(i).padStart(3, '0')} for the month`)).toHaveLength(2);
    }
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain(formatMoney(120_000 + 1_166, 'eur'));
  });

  it('renders hostile text instead of breaking', async () => {
    const hostile = invoice({
      number: 'INV-\u0000<b>1</b>',
      customer: {
        name: '<script>alert("x")</script> \ud800 Ltd',
        email: 'x@y.test\u0000',
        address: { line1: '😀 Road', city: '東京', postalCode: '100', country: 'JP' },
        taxId: null,
      },
      lines: [
        {
          id: 'il_a',
          description: 'y'.repeat(10_000),
          quantity: 1,
          unitAmount: 1,
          amount: 1,
          periodStart: null,
          periodEnd: null,
        },
        {
          id: 'il_b',
          description: 'Null\u0000byte and \udc00 lone half',
          quantity: null,
          unitAmount: null,
          amount: 2,
          periodStart: null,
          periodEnd: null,
        },
      ],
      hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_1/test?x=<img>',
    });
    const { text } = await read(await renderInvoicePdf(hostile, VENDOR));
    expect(text).toContain('INV-<b>1</b>');
    expect(text).toContain('<script>alert("x")</script> Ltd');
    expect(text).toContain('Nullbyte and lone half');
    expect(text).toContain('yyyyyyyy');
    expect(text).toContain('? Road');
  });
});
