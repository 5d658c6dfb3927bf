import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './retrySchedule';

describe('webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up after 8 attempts', () => {
    const waits = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, i) => retryDelayMs(i + 1, 1));
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, null]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
  });

  it('scales every wait for tests', () => {
    expect(retryDelayMs(1, 0.001)).toBe(5);
    expect(retryDelayMs(2, 0.001)).toBe(300);
    expect(retryDelayMs(8, 0.001)).toBeNull();
  });
});
