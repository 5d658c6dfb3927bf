import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

describe('relativeTime', () => {
  const now = Date.parse('2025-01-01T12:00:00.000Z');
  it.each([
    ['2025-01-01T11:59:50.000Z', 'just now'],
    ['2025-01-01T11:55:00.000Z', '5 minutes ago'],
    ['2025-01-01T09:00:00.000Z', '3 hours ago'],
    ['2024-12-31T12:00:00.000Z', 'yesterday'],
    ['2024-12-18T12:00:00.000Z', '2 weeks ago'],
  ])('%s → %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
