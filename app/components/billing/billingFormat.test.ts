import { describe, expect, it } from 'vitest';
import { formatDay, limitText, monthlyPrice, subscriptionStatusText } from './billingFormat';

describe('billing formats', () => {
  it('writes monthly prices', () => {
    expect([0, 4_900, 19_900, 1_234_567, 999].map(monthlyPrice)).toEqual([
      'Free',
      '$49',
      '$199',
      '$12,345.67',
      '$9.99',
    ]);
    expect(monthlyPrice(null)).toBe('Custom pricing');
  });

  it('writes limits, unlimited included', () => {
    expect(limitText(250_000, 'API calls a month')).toBe('250,000 API calls a month');
    expect(limitText(null, 'seats')).toBe('Unlimited seats');
  });

  it('writes a day in UTC and a status in words', () => {
    expect(formatDay('2027-01-15T23:30:00Z')).toBe('15 Jan 2027');
    expect(subscriptionStatusText('past_due')).toBe('Payment failed');
  });
});
