import { describe, expect, it } from 'vitest';
import { expiresThisOrNextMonth, expiryKey } from './cardExpiry';

describe('card expiry', () => {
  const december = new Date('2026-12-15T12:00:00Z');

  it('is due in the card’s last month and the month before, across a new year', () => {
    expect(expiresThisOrNextMonth({ exp_month: 12, exp_year: 2026 }, december)).toBe(true);
    expect(expiresThisOrNextMonth({ exp_month: 1, exp_year: 2027 }, december)).toBe(true);
    expect(expiresThisOrNextMonth({ exp_month: 2, exp_year: 2027 }, december)).toBe(false);
    expect(expiresThisOrNextMonth({ exp_month: 11, exp_year: 2026 }, december)).toBe(false);
  });

  it('keys the alert by expiry month', () => {
    expect(expiryKey({ exp_month: 3, exp_year: 2027 })).toBe('2027-03');
  });
});
