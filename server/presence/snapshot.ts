/**
 * Presence as data, without Redis: what one tab's entry holds, the bounds on what a client may
 * put in it, and how the entries of an org become the online list members see (one row per
 * member, their tabs as places). Pure functions, so the rules are unit-tested on their own.
 */
import { z } from 'zod';
import { zText } from '../shared/safeText';

export const PRESENCE_MODES = ['viewing', 'editing'] as const;
export type PresenceMode = (typeof PRESENCE_MODES)[number];

/** Bounds on what a client may store: a page path and a resource name are short, printable ASCII. */
export const MAX_PAGE_LENGTH = 200;
export const MAX_RESOURCE_LENGTH = 100;
export const MAX_NAME_LENGTH = 100;

export const ZPresencePage = zText()
  .min(1)
  .max(MAX_PAGE_LENGTH)
  .regex(/^\/[\x21-\x7e]*$/, 'A page is a path starting with /');

/** 'org-settings', 'role:<uuid>', 'team:<uuid>': a kind, optionally ':' and an id. */
export const ZPresenceResource = zText()
  .min(1)
  .max(MAX_RESOURCE_LENGTH)
  .regex(/^[a-z][a-z0-9_-]*(?::[A-Za-z0-9_-]{1,64})?$/, 'Not a presence resource');

export const ZPresenceMode = z.enum(PRESENCE_MODES);

/** One tab (one subscription) as stored in Redis. Times are Redis server milliseconds. */
export type PresenceEntry = {
  /** `<membershipId>:<tabId>`: stable while a tab re-subscribes with a new page. */
  key: string;
  /** The subscription that currently owns the key; only it may refresh or remove the entry. */
  conn: string;
  /**
   * The tab's subscription number (it counts up with each re-subscription). Subscriptions of one
   * tab may reach Redis out of order; a lower number never overwrites a higher one.
   */
  seq: number;
  membershipId: string;
  userId: string;
  name: string;
  page: string;
  resource: string | null;
  mode: PresenceMode;
  /** When this tab came online. */
  since: number;
  /** When this tab arrived at its current page / resource / mode. */
  at: number;
};

/** What a subscription asks to store; `since` and `at` are set by Redis. */
export type PresenceEntryInput = Omit<PresenceEntry, 'since' | 'at'>;

export type PresencePlace = { page: string; resource: string | null; mode: PresenceMode; at: string };

export type OnlineMember = {
  membershipId: string;
  userId: string;
  name: string;
  /** When the member's earliest open tab came online (ISO 8601). */
  since: string;
  /** One per open tab, most recently changed first. */
  places: PresencePlace[];
};

export function presenceKey(membershipId: string, tabId: string): string {
  return `${membershipId}:${tabId}`;
}

/** Cuts a display name to the stored bound without splitting a surrogate pair. */
export function boundedName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= MAX_NAME_LENGTH ? chars.join('') : `${chars.slice(0, MAX_NAME_LENGTH - 1).join('')}…`;
}

/** Parses a stored entry; anything malformed (an older shape, a foreign write) is skipped. */
export function parseEntry(json: string | null | undefined): PresenceEntry | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<PresenceEntry>;
    if (
      typeof value.key !== 'string' ||
      typeof value.membershipId !== 'string' ||
      typeof value.userId !== 'string' ||
      typeof value.page !== 'string' ||
      typeof value.since !== 'number' ||
      typeof value.at !== 'number'
    ) {
      return null;
    }
    return {
      key: value.key,
      conn: typeof value.conn === 'string' ? value.conn : '',
      seq: typeof value.seq === 'number' ? value.seq : 0,
      membershipId: value.membershipId,
      userId: value.userId,
      name: typeof value.name === 'string' ? value.name : '',
      page: value.page,
      resource: typeof value.resource === 'string' ? value.resource : null,
      mode: value.mode === 'editing' ? 'editing' : 'viewing',
      since: value.since,
      at: value.at,
    };
  } catch {
    return null;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The online list: one row per member (sorted by name, then id), their tabs as places. */
export function toOnlineMembers(entries: readonly PresenceEntry[]): OnlineMember[] {
  const byMember = new Map<string, PresenceEntry[]>();
  for (const entry of entries) {
    const list = byMember.get(entry.membershipId);
    if (list) list.push(entry);
    else byMember.set(entry.membershipId, [entry]);
  }
  const members: OnlineMember[] = [];
  for (const [membershipId, tabs] of byMember) {
    tabs.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
    const newest = tabs[0]!;
    members.push({
      membershipId,
      userId: newest.userId,
      name: newest.name,
      since: iso(Math.min(...tabs.map((tab) => tab.since))),
      places: tabs.map((tab) => ({ page: tab.page, resource: tab.resource, mode: tab.mode, at: iso(tab.at) })),
    });
  }
  return members.sort((a, b) => a.name.localeCompare(b.name) || a.membershipId.localeCompare(b.membershipId));
}

/** A stable text of a list, to tell "changed" from "the same again" without deep comparison. */
export function onlineFingerprint(online: readonly OnlineMember[]): string {
  return JSON.stringify(online);
}
