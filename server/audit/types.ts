/** The shapes shared by the audit writer, reader, viewer and export. */
import type { AuditActorType, AuditOutcome } from '../../db/schema';

export type AuditActor = { type: AuditActorType; id: string | null; email: string | null };
export type AuditResource = { type: string; id: string | null };
export type AuditRequest = { ip: string | null; userAgent: string | null; requestId: string | null };

/** What a writer supplies; seq and the hashes are the database's to set. */
export type AuditEventInput = {
  orgId: string;
  action: string;
  actor: AuditActor;
  outcome: AuditOutcome;
  /** Required for failures: why it failed (code and message, the authorization reason). */
  reason?: string | null;
  resource?: AuditResource | null;
  request?: AuditRequest | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to now; never earlier than the org's previous event once stored. */
  occurredAt?: Date;
};

/** An event as the viewer, the API and the export present it. */
export type AuditEvent = {
  seq: number;
  id: string;
  occurredAt: string;
  actor: AuditActor;
  action: string;
  resource: AuditResource | null;
  outcome: AuditOutcome;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  country: string;
  requestId: string | null;
  hasChange: boolean;
};

export type AuditEventDetail = AuditEvent & { before: unknown; after: unknown; hash: string; prevHash: string };
