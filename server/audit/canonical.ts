/**
 * The canonical encoding of an audit event and the chain hash, implemented independently of the
 * database's `audit_canonical` (db/migrations/0010_audit_rls.sql) so verification does not trust
 * the code that wrote the chain. Every field is text exactly as PostgreSQL renders it (the
 * verifier selects the renderings: occurred_at in UTC with milliseconds, jsonb as `::text`), and
 * is written as `<UTF-8 byte length>:<value>` (null as `~`), fields joined by commas — unambiguous
 * whatever a field contains. hash = SHA-256(prev_hash ‖ UTF-8(canonical)).
 */
import { createHash } from 'node:crypto';

export const CANONICAL_VERSION = 'atrium-audit-v1';
/** The prev_hash of an org's first event. */
export const GENESIS_HASH = Buffer.alloc(32);

/** One event's fields, each as the database renders it to text. */
export type CanonicalFields = {
  orgId: string;
  seq: string;
  id: string;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ` */
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  country: string;
  requestId: string | null;
  /** jsonb::text */
  before: string | null;
  after: string | null;
};

function field(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

export function canonicalEncoding(f: CanonicalFields): string {
  return [
    CANONICAL_VERSION,
    f.orgId,
    f.seq,
    f.id,
    f.occurredAt,
    f.actorType,
    f.actorId,
    f.actorEmail,
    f.action,
    f.resourceType,
    f.resourceId,
    f.outcome,
    f.reason,
    f.ip,
    f.userAgent,
    f.country,
    f.requestId,
    f.before,
    f.after,
  ]
    .map(field)
    .join(',');
}

export function chainHash(prevHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();
}
