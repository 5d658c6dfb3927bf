import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCatalogueEntry, type ErrorCode } from './errorCatalogue';

const entries = Object.entries(ERROR_CATALOGUE) as [ErrorCode, ErrorCatalogueEntry][];

/** The codes a SCIM endpoint answers for a bad Users or Groups request: each needs a scimType. */
const SCIM_REQUEST_CODES: ErrorCode[] = [
  'INVALID_INPUT',
  'EMAIL_TAKEN',
  'NAME_TAKEN',
  'MEMBER_DEACTIVATED',
  'TEAM_CYCLE',
  'TEAM_TOO_DEEP',
  'SELF_ACTION_REFUSED',
];

describe('the error catalogue', () => {
  it.each(entries)('%s has a tRPC code and the HTTP status tRPC gives that code', (_code, entry) => {
    expect(getHTTPStatusCodeFromError(new TRPCError({ code: entry.trpc }))).toBe(entry.http);
  });

  it('gives a scimType only where RFC 7644 has one: uniqueness for 409, the others for 400', () => {
    for (const [code, { http, scimType }] of entries) {
      if (scimType === null) continue;
      expect({ code, http }).toEqual({ code, http: scimType === 'uniqueness' ? 409 : 400 });
    }
  });

  it('gives every SCIM-relevant code a scimType', () => {
    const missing = SCIM_REQUEST_CODES.filter((code) => ERROR_CATALOGUE[code].scimType === null);
    expect(missing).toEqual([]);
  });

  it('writes each message once: no two entries share one', () => {
    const byMessage = new Map<string, ErrorCode[]>();
    for (const [code, entry] of entries) {
      if (entry.message) byMessage.set(entry.message, [...(byMessage.get(entry.message) ?? []), code]);
    }
    expect([...byMessage.values()].filter((codes) => codes.length > 1)).toEqual([]);
  });

  it('has one last-Owner message', () => {
    expect(ERROR_CATALOGUE.LAST_OWNER.message).toBe(
      'An organization needs at least one active Owner; make someone else Owner first',
    );
  });
});
