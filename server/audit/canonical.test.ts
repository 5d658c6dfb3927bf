import { describe, expect, it } from 'vitest';
import { canonicalEncoding, chainHash, GENESIS_HASH, type CanonicalFields } from './canonical';

const event: CanonicalFields = {
  orgId: '22222222-2222-2222-2222-222222222222',
  seq: '1',
  id: '31084f2d-22f9-48b0-980a-0e1ec7d6e85d',
  occurredAt: '2026-11-28T10:41:15.102Z',
  actorType: 'user',
  actorId: null,
  actorEmail: null,
  action: 'x.y',
  resourceType: null,
  resourceId: null,
  outcome: 'success',
  reason: null,
  ip: null,
  userAgent: null,
  country: 'unknown',
  requestId: null,
  before: null,
  after: null,
};

describe('canonical encoding', () => {
  it('writes each field as its UTF-8 byte length and value, null as ~', () => {
    expect(canonicalEncoding(event)).toBe(
      '15:atrium-audit-v1,36:22222222-2222-2222-2222-222222222222,1:1,36:31084f2d-22f9-48b0-980a-0e1ec7d6e85d,' +
        '24:2026-11-28T10:41:15.102Z,4:user,~,~,3:x.y,~,~,7:success,~,~,~,7:unknown,~,~,~',
    );
  });

  it('counts bytes, not characters, so multi-byte text cannot shift a boundary', () => {
    expect(canonicalEncoding({ ...event, before: '{"a": "é"}' })).toContain(',11:{"a": "é"},~');
  });

  it('tells a null from an empty string and from a field holding a separator', () => {
    const a = canonicalEncoding({ ...event, reason: '' });
    const b = canonicalEncoding({ ...event, reason: null });
    const c = canonicalEncoding({ ...event, reason: ',~', ip: null });
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('matches the hash the database computed for the same event (seq 1 after genesis)', () => {
    // Computed by audit_events_chain() in PostgreSQL for exactly this event.
    expect(chainHash(GENESIS_HASH, canonicalEncoding(event)).toString('hex')).toBe(
      '7b50b1cbf09fa3c5b94654b4c5af5d8c5c8f04303c25a2cc26e38e4cbba52e2a',
    );
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, canonicalEncoding(event)).toString('hex');
    expect(chainHash(GENESIS_HASH, canonicalEncoding({ ...event, action: 'x.z' })).toString('hex')).not.toBe(base);
    expect(chainHash(Buffer.alloc(32, 1), canonicalEncoding(event)).toString('hex')).not.toBe(base);
  });
});
