import { describe, expect, it } from 'vitest';
import { formatUtc } from './dates';

describe('formatUtc', () => {
  it('writes the moment in UTC whatever the runtime’s time zone', () => {
    expect(formatUtc('2026-12-03T23:05:00.000Z')).toBe('3 Dec 2026, 23:05 UTC');
    expect(formatUtc(new Date(Date.UTC(2027, 8, 30, 0, 0)))).toBe('30 Sep 2027, 00:00 UTC');
  });

  it('writes nothing for a value that is not a date', () => {
    expect(formatUtc('not a date')).toBe('');
  });
});
