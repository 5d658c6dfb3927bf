import { describe, expect, it } from 'vitest';
import { formattedBytes, groupedCount } from './usageNumbers';

describe('usage numbers', () => {
  it('groups thousands', () => {
    expect(groupedCount(0)).toBe('0');
    expect(groupedCount(999)).toBe('999');
    expect(groupedCount(10_000)).toBe('10,000');
    expect(groupedCount(1_234_567)).toBe('1,234,567');
    expect(groupedCount(-2500)).toBe('-2,500');
  });

  it('writes bytes in decimal units', () => {
    expect(formattedBytes(512)).toBe('512 B');
    expect(formattedBytes(1_250_000)).toBe('1.3 MB');
    expect(formattedBytes(250_000_000_000)).toBe('250 GB');
  });
});
