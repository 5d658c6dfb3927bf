/** The pure parts of the presence UI: page names, initials, who else is at a resource, tab ids. */
import { describe, expect, it } from 'vitest';
import type { OnlineMember } from '../../../server/presence/snapshot';
import { describePage, initialsOf } from './describePage';
import { othersAt, sentenceFor } from './othersAt';
import { newTabId } from './tabId';

function member(membershipId: string, name: string, places: OnlineMember['places']): OnlineMember {
  return { membershipId, userId: `u-${membershipId}`, name, since: '2026-01-01T10:00:00.000Z', places };
}

const at = '2026-01-01T10:00:00.000Z';

describe('describePage', () => {
  it('names the org’s pages and leaves unknown ones as their path', () => {
    expect(describePage('/o/acme', 'acme')).toBe('Dashboard');
    expect(describePage('/o/acme/', 'acme')).toBe('Dashboard');
    expect(describePage('/o/acme/settings', 'acme')).toBe('Organization settings');
    expect(describePage('/o/acme/roles', 'acme')).toBe('Roles');
    expect(describePage('/o/acme/roles/new', 'acme')).toBe('New role');
    expect(describePage('/o/acme/roles/3f0c', 'acme')).toBe('A role');
    expect(describePage('/o/acme/members', 'acme')).toBe('Members');
    expect(describePage('/o/acme/billing', 'acme')).toBe('/o/acme/billing');
    expect(describePage('/o/acme-two/settings', 'acme')).toBe('/o/acme-two/settings');
  });
});

describe('initialsOf', () => {
  it('takes the first and last word’s first letters', () => {
    expect(initialsOf('Alice Admin')).toBe('AA');
    expect(initialsOf('mary ann de la cruz')).toBe('MC');
    expect(initialsOf('bob')).toBe('B');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('othersAt', () => {
  const online = [
    member('me', 'Me Myself', [{ page: '/o/acme/settings', resource: 'org-settings', mode: 'editing', at }]),
    member('a', 'Alice Admin', [
      { page: '/o/acme/settings', resource: 'org-settings', mode: 'viewing', at },
      { page: '/o/acme/settings', resource: 'org-settings', mode: 'editing', at },
    ]),
    member('b', 'Bob Owner', [{ page: '/o/acme/settings', resource: 'org-settings', mode: 'viewing', at }]),
    member('c', 'Carol', [{ page: '/o/acme', resource: null, mode: 'viewing', at }]),
  ];

  it('names other people at the resource, never you, editing if any of their tabs is', () => {
    const people = othersAt(online, 'me', 'org-settings');
    expect(people.map((p) => [p.name, p.mode])).toEqual([
      ['Alice Admin', 'editing'],
      ['Bob Owner', 'viewing'],
    ]);
    expect(people.map(sentenceFor)).toEqual(['Alice Admin is editing', 'Bob Owner is also viewing this']);
  });

  it('is empty at a resource nobody else has open', () => {
    expect(othersAt(online, 'me', 'team:t1')).toEqual([]);
  });
});

describe('newTabId', () => {
  it('makes distinct version-4 UUIDs', () => {
    const a = newTabId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newTabId()).not.toBe(a);
  });
});
