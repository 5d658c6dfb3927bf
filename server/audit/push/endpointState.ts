/**
 * Reading an org's push endpoint and what an admin may see of it: everything but the secret.
 * The sealed secret is opened only here, for a send (`openSigningSecret`), bound to the org so a
 * sealed value copied into another org's row does not open.
 */
import { eq, sql } from 'drizzle-orm';
import { auditPushEndpoints } from '../../../db/schema';
import { open, seal } from '../../crypto/secretBox';
import { env } from '../../env';
import { BACKLOG_LIMIT } from '../../shared/auditPushBacklog';
import type { Tx } from '../../tenancy/withTenant';
import type { UrlPolicy } from './urlPolicy';

export type EndpointRow = typeof auditPushEndpoints.$inferSelect;

export type PushStatus = {
  url: string;
  isEnabled: boolean;
  /** 'failing': the job turned it off after repeated failures; null when on or turned off by an admin. */
  disabledReason: string | null;
  version: number;
  cursor: { seq: number; eventId: string | null; occurredAt: string | null };
  consecutiveFailures: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  nextAttemptAt: string | null;
  /** Events recorded after the cursor (capped at BACKLOG_LIMIT + 1). */
  backlog: number;
};

export function pushPolicy(): UrlPolicy {
  return { allowPrivate: env.outboundAllowPrivate };
}

function sealContext(orgId: string): string {
  return `audit-push:${orgId}`;
}

export function sealSigningSecret(orgId: string, secret: string): string {
  return seal(env.encryptionKey, secret, sealContext(orgId));
}

export function openSigningSecret(row: Pick<EndpointRow, 'orgId' | 'sealedSigningSecret'>): string {
  return open(env.encryptionKey, row.sealedSigningSecret, sealContext(row.orgId));
}

export async function findEndpoint(tx: Tx, orgId: string): Promise<EndpointRow | null> {
  const [row] = await tx.select().from(auditPushEndpoints).where(eq(auditPushEndpoints.orgId, orgId));
  return row ?? null;
}

/** The last event in the org's trail (0 when it is empty): where a new endpoint starts. */
export async function lastEventSeq(tx: Tx): Promise<number> {
  const result = await tx.execute<{ seq: string }>(sql`select coalesce(max(seq), 0)::text as seq from audit_events`);
  return Number(result.rows[0]?.seq ?? 0);
}

async function backlogAfter(tx: Tx, seq: number): Promise<number> {
  const result = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from (select 1 from audit_events where seq > ${seq} limit ${BACKLOG_LIMIT + 1}) pending`,
  );
  return result.rows[0]?.n ?? 0;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export async function statusOf(tx: Tx, row: EndpointRow): Promise<PushStatus> {
  return {
    url: row.url,
    isEnabled: row.isEnabled,
    disabledReason: row.disabledReason,
    version: row.version,
    cursor: { seq: row.cursorSeq, eventId: row.cursorEventId, occurredAt: iso(row.cursorOccurredAt) },
    consecutiveFailures: row.consecutiveFailures,
    lastError: row.lastError,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    backlog: await backlogAfter(tx, row.cursorSeq),
  };
}

/** What an audit event records of the endpoint: never the secret, sealed or not. */
export function auditedState(row: EndpointRow | null) {
  return row ? { url: row.url, isEnabled: row.isEnabled, version: row.version } : null;
}
