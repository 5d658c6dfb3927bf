/**
 * The members directory as CSV (RFC 4180): every cell quoted when it holds a quote, comma or line
 * break, and cells a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return) prefixed with a single quote so they open as text.
 */
import type { MemberRow } from '../shared/memberSchemas';

export const MEMBER_CSV_HEADER = [
  'Name',
  'Email',
  'Status',
  'Roles',
  'Teams',
  'Department',
  'Region',
  'Title',
  'Joined',
  'Deactivated',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function memberCsvLine(row: MemberRow): string {
  return csvLine([
    row.name,
    row.email,
    row.status,
    row.roles.map((r) => r.name).join('; '),
    row.teams.map((t) => t.name).join('; '),
    row.attributes.department,
    row.attributes.region,
    row.attributes.title,
    row.joinedAt.toISOString(),
    row.deactivatedAt?.toISOString() ?? '',
  ]);
}
