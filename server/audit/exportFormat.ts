/** Export formats and how one event becomes one CSV line or one NDJSON line. */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { auditEvents } from '../../db/schema';

export const ZExportFormat = z.enum(['csv', 'ndjson']);
export type ExportFormat = z.infer<typeof ZExportFormat>;

export const EXPORT_COLUMNS = [
  'seq',
  'id',
  'occurred_at',
  'actor_type',
  'actor_id',
  'actor_email',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'reason',
  'ip',
  'user_agent',
  'country',
  'request_id',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
const e = auditEvents;
/** The SELECT list that yields EXPORT_COLUMNS in order, each as text rendered by PostgreSQL. */
export const EXPORT_SELECT: (SQL | AnyPgColumn)[] = [
  sql`${e.seq}::text`,
  sql`${e.id}::text`,
  sql`to_char(${e.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  e.actorType,
  e.actorId,
  e.actorEmail,
  e.action,
  e.resourceType,
  e.resourceId,
  e.outcome,
  e.reason,
  e.ip,
  e.userAgent,
  e.country,
  e.requestId,
  sql`${e.before}::text`,
  sql`${e.after}::text`,
  sql`encode(${e.prevHash}, 'hex')`,
  sql`encode(${e.hash}, 'hex')`,
];

/** One exported event, every value already text (jsonb as its text, hashes as hex). */
export type ExportRow = Record<ExportColumn, string | null>;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const NEEDS_QUOTES = /[",\r\n]/;
/** = + - @ tab CR: what a spreadsheet reads as the start of a formula. */
const FORMULA_START = new Set([61, 43, 45, 64, 9, 13]);

/**
 * RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @, tab, CR first) is
 * prefixed with an apostrophe so opening an export never executes what an attacker typed.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.has(value.charCodeAt(0)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: ExportRow): string {
  return csvValues(EXPORT_COLUMNS.map((column) => row[column]));
}

/** One CSV line from the values in EXPORT_COLUMNS order (the export's hot loop: no per-row objects). */
export function csvValues(values: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < EXPORT_COLUMNS.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(values[i] ?? null);
  }
  return `${line}\r\n`;
}

export function rowOf(values: readonly (string | null)[]): ExportRow {
  const row = {} as ExportRow;
  EXPORT_COLUMNS.forEach((column, i) => {
    row[column] = values[i] ?? null;
  });
  return row;
}

/** before/after are embedded as JSON, not as strings of JSON. */
export function ndjsonLine(row: ExportRow): string {
  const out: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) {
    const value = row[column];
    out[column] =
      (column === 'before' || column === 'after') && value !== null
        ? JSON.parse(value)
        : column === 'seq' && value !== null
          ? Number(value)
          : value;
  }
  return `${JSON.stringify(out)}\n`;
}
