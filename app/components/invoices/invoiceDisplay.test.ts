/** The invoice pages' days, periods and page addresses. */
import { describe, expect, it } from 'vitest';
import { formatDay, formatPeriod, invoiceListSearch, invoicePdfHref } from './invoiceDisplay';

describe('invoice display', () => {
  it('writes days in UTC, and a dash for none', () => {
    expect(formatDay('2026-12-01T23:30:00.000Z')).toBe('1 Dec 2026');
    expect(formatDay(null)).toBe('—');
    expect(formatDay('garbage')).toBe('—');
  });

  it('writes a period from its two days', () => {
    expect(formatPeriod('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe('1 Nov 2026 – 1 Dec 2026');
    expect(formatPeriod(null, null)).toBe('—');
  });

  it('addresses the PDF and a page of the list', () => {
    expect(invoicePdfHref('acme', 'in_1')).toBe('/o/acme/invoices/in_1/pdf');
    expect(invoiceListSearch(null)).toBe('');
    expect(invoiceListSearch('a+b/c')).toBe('?cursor=a%2Bb%2Fc');
  });
});
