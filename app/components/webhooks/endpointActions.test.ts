import { describe, expect, it } from 'vitest';
import { deliveryLogQueryOf, deliveryLogSearch, endpointIntentOf, overlapOf } from './endpointActions';
import { failedCountText } from './ReplayAllFailed';

describe('the endpoint page’s forms and URL', () => {
  it('knows its intents and nothing else', () => {
    expect(endpointIntentOf('replayFailed')).toBe('replayFailed');
    expect(endpointIntentOf('drop table')).toBeNull();
  });

  it('accepts only the offered overlaps, and none otherwise', () => {
    expect(overlapOf('0')).toBe(0);
    expect(overlapOf('1')).toBe(1);
    expect(overlapOf('24')).toBe(24);
    expect(overlapOf('168')).toBe(168);
    expect(overlapOf('169')).toBe(0);
    expect(overlapOf('')).toBe(0);
  });

  it('reads the delivery log filter and cursor from the URL, ignoring what it does not know', () => {
    expect(deliveryLogQueryOf(new URLSearchParams('status=failed&cursor=abc'))).toEqual({
      status: 'failed',
      cursor: 'abc',
    });
    expect(deliveryLogQueryOf(new URLSearchParams('status=<b>&cursor='))).toEqual({ status: null, cursor: null });
    expect(deliveryLogQueryOf(new URLSearchParams(`cursor=${'x'.repeat(201)}`)).cursor).toBeNull();
  });

  it('writes the filter back into a search string, empty for the first page of everything', () => {
    expect(deliveryLogSearch({ status: null, cursor: null })).toBe('');
    expect(deliveryLogSearch({ status: 'pending', cursor: null })).toBe('?status=pending');
    expect(deliveryLogSearch({ status: 'failed', cursor: 'a b' })).toBe('?status=failed&cursor=a+b');
  });

  it('says how many failed deliveries a replay-all sends', () => {
    expect(failedCountText(1, false)).toBe('1 failed delivery');
    expect(failedCountText(12, false)).toBe('12 failed deliveries');
    expect(failedCountText(100, true)).toBe('more than 100 failed deliveries');
  });
});
