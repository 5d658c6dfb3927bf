/** The online list from stored entries, and the bounds on what a client may store. */
import { describe, expect, it } from 'vitest';
import { isPageOfOrg } from './router';
import {
  boundedName,
  MAX_NAME_LENGTH,
  parseEntry,
  toOnlineMembers,
  ZPresencePage,
  ZPresenceResource,
  type PresenceEntry,
} from './snapshot';

function entry(overrides: Partial<PresenceEntry>): PresenceEntry {
  return {
    key: 'm1:t1',
    conn: 'c1',
    seq: 0,
    membershipId: 'm1',
    userId: 'u1',
    name: 'Alice Admin',
    page: '/o/acme',
    resource: null,
    mode: 'viewing',
    since: Date.UTC(2026, 0, 1, 10, 0, 0),
    at: Date.UTC(2026, 0, 1, 10, 0, 0),
    ...overrides,
  };
}

describe('toOnlineMembers', () => {
  it('lists each member once, with every tab as a place, newest first, and the earliest since', () => {
    const online = toOnlineMembers([
      entry({ key: 'm1:t1', page: '/o/acme', at: Date.UTC(2026, 0, 1, 10, 0, 0) }),
      entry({
        key: 'm1:t2',
        page: '/o/acme/settings',
        resource: 'org-settings',
        mode: 'editing',
        since: Date.UTC(2026, 0, 1, 9, 0, 0),
        at: Date.UTC(2026, 0, 1, 11, 0, 0),
      }),
      entry({ key: 'm2:t1', membershipId: 'm2', userId: 'u2', name: 'Bob Owner', page: '/o/acme/roles' }),
    ]);
    expect(online).toEqual([
      {
        membershipId: 'm1',
        userId: 'u1',
        name: 'Alice Admin',
        since: '2026-01-01T09:00:00.000Z',
        places: [
          { page: '/o/acme/settings', resource: 'org-settings', mode: 'editing', at: '2026-01-01T11:00:00.000Z' },
          { page: '/o/acme', resource: null, mode: 'viewing', at: '2026-01-01T10:00:00.000Z' },
        ],
      },
      {
        membershipId: 'm2',
        userId: 'u2',
        name: 'Bob Owner',
        since: '2026-01-01T10:00:00.000Z',
        places: [{ page: '/o/acme/roles', resource: null, mode: 'viewing', at: '2026-01-01T10:00:00.000Z' }],
      },
    ]);
  });

  it('is the same list whatever order Redis returned the entries in', () => {
    const a = entry({ key: 'm1:t1' });
    const b = entry({ key: 'm2:t1', membershipId: 'm2', userId: 'u2', name: 'Bob' });
    const c = entry({ key: 'm1:t2', page: '/o/acme/settings' });
    expect(JSON.stringify(toOnlineMembers([a, b, c]))).toBe(JSON.stringify(toOnlineMembers([c, b, a])));
  });
});

describe('parseEntry', () => {
  it('reads a stored entry and skips malformed ones', () => {
    expect(parseEntry(JSON.stringify(entry({})))).toEqual(entry({}));
    expect(parseEntry('{"key":"x"}')).toBeNull();
    expect(parseEntry('not json')).toBeNull();
    expect(parseEntry(null)).toBeNull();
  });

  it('reads an unknown mode as viewing', () => {
    expect(parseEntry(JSON.stringify({ ...entry({}), mode: 'admin' }))?.mode).toBe('viewing');
  });
});

describe('bounds', () => {
  it('accepts org paths and refuses long, relative or spaced ones', () => {
    expect(ZPresencePage.safeParse('/o/acme/roles/3f0c').success).toBe(true);
    expect(ZPresencePage.safeParse('o/acme').success).toBe(false);
    expect(ZPresencePage.safeParse('/o/acme/has space').success).toBe(false);
    expect(ZPresencePage.safeParse(`/o/${'a'.repeat(300)}`).success).toBe(false);
  });

  it('accepts named resources, optionally with an id', () => {
    for (const ok of ['org-settings', 'role:3f0c2a4e-1b2c-4d5e-8f90-0123456789ab', 'team:t1']) {
      expect(ZPresenceResource.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['Org', 'role:', 'role:a:b', `team:${'x'.repeat(65)}`, 'a b']) {
      expect(ZPresenceResource.safeParse(bad).success).toBe(false);
    }
  });

  it('cuts long names without splitting characters', () => {
    expect(boundedName('  Alice  ')).toBe('Alice');
    const long = boundedName('😀'.repeat(150));
    expect(Array.from(long)).toHaveLength(MAX_NAME_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('takes pages inside the caller’s org only', () => {
    expect(isPageOfOrg('/o/acme', 'acme')).toBe(true);
    expect(isPageOfOrg('/o/ACME/settings', 'acme')).toBe(true);
    expect(isPageOfOrg('/o/acme-two', 'acme')).toBe(false);
    expect(isPageOfOrg('/account', 'acme')).toBe(false);
  });
});
