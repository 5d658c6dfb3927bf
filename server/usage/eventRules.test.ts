/** The per-event rules of usage ingest: each refusal says why, and what passes is stored as given. */
import { describe, expect, it } from 'vitest';
import { checkUsageEvent, MAX_EVENT_VALUE, type UsageEventInput } from './eventRules';

const now = Date.parse('2026-12-03T12:00:00Z');
const context = { now, isKnownMetric: (metric: string) => metric === 'api_call' };
const event = (overrides: Partial<UsageEventInput>): UsageEventInput => ({
  metric: 'api_call',
  value: 1,
  occurredAt: '2026-12-03T11:30:00Z',
  ...overrides,
});
const reasonOf = (overrides: Partial<UsageEventInput>) => {
  const check = checkUsageEvent(event(overrides), context);
  return check.ok ? null : check.reason;
};

describe('checkUsageEvent', () => {
  it('accepts a whole, non-negative value up to 10^12 of a known metric, stamped in the window', () => {
    expect(checkUsageEvent(event({ value: MAX_EVENT_VALUE, dimension: 'k', idempotencyKey: 'i' }), context)).toEqual({
      ok: true,
      event: {
        metric: 'api_call',
        value: MAX_EVENT_VALUE,
        occurredAt: new Date('2026-12-03T11:30:00Z'),
        dimension: 'k',
        idempotencyKey: 'i',
      },
    });
    expect(reasonOf({ value: 0, occurredAt: '2026-11-01T12:00:00+02:00' })).toBeNull();
    expect(reasonOf({ occurredAt: '2026-12-03T12:04:59Z' })).toBeNull();
  });

  it('refuses bad values, metrics, times, dimensions and keys with their reason', () => {
    expect(reasonOf({ value: -1 })).toBe('value must not be negative');
    expect(reasonOf({ value: Infinity })).toBe('value must be finite');
    expect(reasonOf({ value: Number.NaN })).toBe('value must be a number');
    expect(reasonOf({ value: '1' })).toBe('value must be a number');
    expect(reasonOf({ value: 0.5 })).toBe('value must be a whole number');
    expect(reasonOf({ value: MAX_EVENT_VALUE + 1 })).toBe(`value must be at most ${MAX_EVENT_VALUE}`);
    expect(reasonOf({ metric: 'custom.x' })).toBe('unknown metric: custom.x');
    expect(reasonOf({ metric: 7 })).toBe('metric is required');
    expect(reasonOf({ occurredAt: '2026-12-03' })).toBe('occurredAt must be an ISO 8601 time with its offset');
    expect(reasonOf({ occurredAt: '2026-12-03T11:30:00' })).toBe('occurredAt must be an ISO 8601 time with its offset');
    expect(reasonOf({ occurredAt: '2026-12-03T12:06:00Z' })).toBe('occurredAt is more than 5 minutes ahead');
    expect(reasonOf({ occurredAt: '2026-10-28T11:59:00Z' })).toBe('occurredAt is more than 35 days old');
    expect(reasonOf({ dimension: 'd'.repeat(201) })).toBe('dimension must be at most 200 characters');
    expect(reasonOf({ dimension: 5 })).toBe('dimension must be text');
    expect(reasonOf({ idempotencyKey: '\uD800' })).toBe('idempotencyKey contains characters that are not allowed');
    expect(reasonOf({ idempotencyKey: '' })).toBe('idempotencyKey must not be empty');
    expect(checkUsageEvent(null as unknown as UsageEventInput, context)).toEqual({
      ok: false,
      reason: 'event must be an object',
    });
  });

  it('accepts older events only inside a backfill window the caller opens', () => {
    const old = event({ occurredAt: '2026-01-01T00:00:00Z' });
    expect(checkUsageEvent(old, context).ok).toBe(false);
    expect(checkUsageEvent(old, { ...context, oldestAccepted: Date.parse('2025-12-01T00:00:00Z') }).ok).toBe(true);
  });
});
