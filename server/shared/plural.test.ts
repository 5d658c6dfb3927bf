import { describe, expect, it } from 'vitest';
import { countOf, pluralNoun } from './plural';

describe('countOf', () => {
  it('says "1 event" and "0 events", "2 events"', () => {
    expect(countOf(1, 'event')).toBe('1 event');
    expect(countOf(0, 'event')).toBe('0 events');
    expect(countOf(2, 'event')).toBe('2 events');
  });

  it('takes an irregular plural', () => {
    expect(countOf(1, 'person', 'people')).toBe('1 person');
    expect(countOf(5, 'person', 'people')).toBe('5 people');
    expect(pluralNoun(3, 'member holds', 'members hold')).toBe('members hold');
  });
});
