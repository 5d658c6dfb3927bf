/**
 * The export stream: the filtered events oldest first, as CSV or NDJSON text chunks, read in
 * keyset batches — each batch its own short tenant transaction — so memory stays constant
 * whatever the size of the trail, and no transaction stays open while the client reads slowly
 * (the consumer pulls the next batch only when it wants more). Rows come back as arrays of text
 * (rendered by PostgreSQL, in EXPORT_COLUMNS order), so the hot loop builds no objects per row.
 */
import { and, asc, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { auditEvents } from '../../db/schema';
import type { Principal } from '../tenancy/principal';
import { withTenant, type Tx } from '../tenancy/withTenant';
import {
  csvHeader,
  csvValues,
  EXPORT_COLUMNS,
  EXPORT_SELECT,
  ndjsonLine,
  rowOf,
  type ExportFormat,
} from './exportFormat';
import { filterConditions, type AuditFilters } from './query';

export const EXPORT_BATCH = 2_000;

type Keyset = { at: string; seq: string };
type Values = (string | null)[];

const dialect = new PgDialect();
const SEQ = EXPORT_COLUMNS.indexOf('seq');
const AT_KEY = EXPORT_COLUMNS.length;

const e = auditEvents;
// The keyset, exactly as PostgreSQL will read it back, after the exported columns.
const SELECTED = sql.join([...EXPORT_SELECT, sql`${e.occurredAt}::text`], sql`, `);

async function exportBatch(tx: Tx, filters: AuditFilters, after: Keyset | null): Promise<Values[]> {
  const where = filterConditions(filters);
  if (after) where.push(sql`(${e.occurredAt}, ${e.seq}) > (${after.at}::timestamptz, ${after.seq}::bigint)`);
  const query = dialect.sqlToQuery(
    sql`select ${SELECTED} from ${e} where ${and(...where) ?? sql`true`} order by ${asc(e.occurredAt)}, ${asc(e.seq)} limit ${EXPORT_BATCH}`,
  );
  const result = await tx.$client.query<Values>({ text: query.sql, values: query.params, rowMode: 'array' });
  return result.rows;
}

export async function* exportAuditEvents(options: {
  orgId: string;
  actor: Principal;
  filters: AuditFilters;
  format: ExportFormat;
  signal?: AbortSignal;
}): AsyncGenerator<string> {
  const { orgId, actor, filters, format } = options;
  if (format === 'csv') yield csvHeader();
  let after: Keyset | null = null;
  for (;;) {
    if (options.signal?.aborted) return;
    const keyset: Keyset | null = after;
    const rows: Values[] = await withTenant(orgId, actor, (tx) => exportBatch(tx, filters, keyset));
    if (rows.length === 0) return;
    let chunk = '';
    if (format === 'csv') for (const row of rows) chunk += csvValues(row);
    else for (const row of rows) chunk += ndjsonLine(rowOf(row));
    yield chunk;
    const last = rows[rows.length - 1]!;
    after = { at: last[AT_KEY] ?? '', seq: last[SEQ] ?? '0' };
    if (rows.length < EXPORT_BATCH) return;
  }
}
