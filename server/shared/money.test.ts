import { describe, expect, it } from 'vitest';
import { formatMinorAmount } from './money';

describe('formatMinorAmount', () => {
  it('reads minor units in the currency’s own digits', () => {
    expect(formatMinorAmount(23681, 'eur')).toBe('€236.81');
    expect(formatMinorAmount(5000, 'jpy')).toBe('¥5,000');
    expect(formatMinorAmount(123456, 'usd')).toBe('$1,234.56');
  });

  it('falls back to the bare amount for a code Intl does not know', () => {
    expect(formatMinorAmount(100, 'zz1')).toBe('100 ZZ1');
  });
});
