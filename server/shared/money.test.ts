/** Amounts in a currency's smallest unit written the way invoices show them. */
import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('writes cents as the currency’s decimals with its symbol', () => {
    expect(formatMoney(123456, 'eur')).toBe('€1,234.56');
    expect(formatMoney(1999, 'usd')).toBe('$19.99');
    expect(formatMoney(-500, 'gbp')).toBe('-£5.00');
  });

  it('knows currencies without minor units', () => {
    expect(formatMoney(1999, 'jpy')).toBe('¥1,999');
  });

  it('uses ordinary spaces where a locale would put a no-break space', () => {
    expect(formatMoney(100000, 'chf')).toBe('CHF 1,000.00');
  });
});
