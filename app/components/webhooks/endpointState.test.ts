import { describe, expect, it } from 'vitest';
import { deliveryStatusOf, endpointStateOf, subscriptionOf } from './endpointState';
import { printable } from './printable';

describe('how an endpoint reads', () => {
  it('names why a disabled endpoint is off', () => {
    expect(endpointStateOf({ isEnabled: true, disabledReason: null }).label).toBe('Enabled');
    expect(endpointStateOf({ isEnabled: false, disabledReason: 'admin' }).label).toBe('Disabled by you');
    expect(endpointStateOf({ isEnabled: false, disabledReason: null }).label).toBe('Disabled by you');
    expect(endpointStateOf({ isEnabled: false, disabledReason: 'gone' }).label).toBe('Disabled: endpoint answered 410');
    expect(endpointStateOf({ isEnabled: false, disabledReason: 'failing' }).label).toBe('Disabled: failing for 5 days');
  });

  it('says "All events" for a wildcard subscription and counts a list', () => {
    expect(subscriptionOf(['*'])).toBe('All events');
    expect(subscriptionOf(['member.joined'])).toBe('1 event type');
    expect(subscriptionOf(['member.joined', 'role.created'])).toBe('2 event types');
  });

  it('labels delivery statuses in words', () => {
    expect(['pending', 'succeeded', 'failed'].map((s) => deliveryStatusOf(s as 'pending').label)).toEqual([
      'Pending',
      'Succeeded',
      'Failed',
    ]);
  });
});

describe('printable', () => {
  it('makes control characters visible and keeps tabs, newlines and markup as text', () => {
    expect(printable('a\u0000b\u001bc\u007f')).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(printable('line 1\n\tline 2 <script>')).toBe('line 1\n\tline 2 <script>');
  });
});
