/** What the invoice PDF prints for hostile or unprintable text, and its download file name. */
import { describe, expect, it } from 'vitest';
import { invoiceFileName, pdfText } from './pdfText';

describe('pdfText', () => {
  it('keeps Latin text, accents and the euro sign', () => {
    expect(pdfText('Straße – Café €12')).toBe('Straße – Café €12');
  });

  it('drops NUL, control characters and unpaired surrogates, and flattens line breaks', () => {
    expect(pdfText('a\u0000b\u0007c \ud800d\udc00e\nf\tg')).toBe('abc de f g');
  });

  it('writes what Helvetica cannot show as a question mark, pairs included', () => {
    expect(pdfText('東京 😀 ok')).toBe('?? ? ok');
  });

  it('prints HTML as text and cuts a 10,000-character value with an ellipsis', () => {
    expect(pdfText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    const long = pdfText('x'.repeat(10_000), 300);
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('is empty for nothing', () => {
    expect(pdfText(null)).toBe('');
    expect(pdfText(undefined)).toBe('');
  });
});

describe('invoiceFileName', () => {
  it('names the file after the invoice number, safe for a header', () => {
    expect(invoiceFileName({ number: 'ACME-0042', id: 'in_1' })).toBe('invoice-ACME-0042.pdf');
    expect(invoiceFileName({ number: 'a"b\r\nc/../d', id: 'in_1' })).toBe('invoice-a-b-c-..-d.pdf');
    expect(invoiceFileName({ number: null, id: 'in_1Abc' })).toBe('invoice-in_1Abc.pdf');
  });
});
