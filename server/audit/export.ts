/**
 * The export stream: the filtered events oldest first, as CSV or NDJSON text chunks, read in
 * keyset batches — each batch its own short tenant transaction — so memory stays constant
 * whatever the size of the trail, and no transaction stays open while the client reads slowly
 * (the consumer pulls the next batch only when it wants more).
 */
import { and, asc, sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import type { Actor } from '../tenancy/context';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { csvHeader, csvLine, ndjsonLine, type ExportFormat, type ExportRow } from './exportFormat';
import { filterConditions, type AuditFilters } from './query';

export const EXPORT_BATCH = 5_000;

type Keyset = { at: string; seq: string };
type ExportRowWithKey = ExportRow & { atKey: string };

async function exportBatch(
  tx: Tx,
  filters: AuditFilters,
  after: Keyset | null,
): Promise<(ExportRow & { atKey: string })[]> {
  const where = filterConditions(filters);
  if (after) {
    where.push(sql`(${auditEvents.occurredAt}, ${auditEvents.seq}) > (${after.at}::timestamptz, ${after.seq}::bigint)`);
  }
  return tx
    .select({
      seq: sql<string>`${auditEvents.seq}::text`,
      id: sql<string>`${auditEvents.id}::text`,
      occurred_at: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      atKey: sql<string>`${auditEvents.occurredAt}::text`,
      actor_type: auditEvents.actorType,
      actor_id: auditEvents.actorId,
      actor_email: auditEvents.actorEmail,
      action: auditEvents.action,
      resource_type: auditEvents.resourceType,
      resource_id: auditEvents.resourceId,
      outcome: auditEvents.outcome,
      reason: auditEvents.reason,
      ip: auditEvents.ip,
      user_agent: auditEvents.userAgent,
      country: auditEvents.country,
      request_id: auditEvents.requestId,
      before: sql<string | null>`${auditEvents.before}::text`,
      after: sql<string | null>`${auditEvents.after}::text`,
      prev_hash: sql<string>`encode(${auditEvents.prevHash}, 'hex')`,
      hash: sql<string>`encode(${auditEvents.hash}, 'hex')`,
    })
    .from(auditEvents)
    .where(and(...where))
    .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.seq))
    .limit(EXPORT_BATCH);
}

export async function* exportAuditEvents(options: {
  orgId: string;
  actor: Actor;
  filters: AuditFilters;
  format: ExportFormat;
  signal?: AbortSignal;
}): AsyncGenerator<string> {
  const { orgId, actor, filters, format } = options;
  const line = format === 'csv' ? csvLine : ndjsonLine;
  if (format === 'csv') yield csvHeader();
  let after: Keyset | null = null;
  for (;;) {
    if (options.signal?.aborted) return;
    const keyset: Keyset | null = after;
    const rows: ExportRowWithKey[] = await withTenant(orgId, actor, (tx) => exportBatch(tx, filters, keyset));
    if (rows.length === 0) return;
    let chunk = '';
    for (const row of rows) chunk += line(row);
    yield chunk;
    const last = rows[rows.length - 1]!;
    after = { at: last.atKey, seq: last.seq ?? '0' };
    if (rows.length < EXPORT_BATCH) return;
  }
}
