/**
 * The directory in keyset batches, for streaming exports: each batch continues strictly after the
 * (sort key, id) of the previous one's last row, so a member added or removed meanwhile never
 * shifts a row into a second batch or out of all of them, and no batch costs an OFFSET scan.
 * The cursor carries the sort key as PostgreSQL printed it (full timestamp precision).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, users } from '../../db/schema';
import { AppError } from '../errors';
import { zText } from '../shared/safeText';
import type { Tx } from '../tenancy/withTenant';
import { memberDirectoryOrder, memberDirectoryWhere, memberRowColumns, toMemberRow } from './directory';
import type { DirectoryOrder, MemberBatch, MemberBatchInput } from '../shared/memberSchemas';

type Cursor = { key: string; id: string };

function sortKey(sort: DirectoryOrder['sort']): SQL {
  switch (sort) {
    case 'name':
      return sql`lower(${users.name})`;
    case 'email':
      return sql`lower(${users.email})`;
    case 'joined':
      return sql`${memberships.createdAt}`;
    case 'status':
      return sql`${memberships.status}`;
  }
}

/** The cursor's key back in the sort key's own type, so comparison matches the ORDER BY. */
function typedKey(sort: DirectoryOrder['sort'], key: string): SQL {
  return sort === 'joined' ? sql`${key}::timestamptz` : sql`${key}::text`;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** What a cursor holds once decoded: the sort key as text and the row's id. */
const ZCursorJson = z.tuple([zText().max(400), zText().uuid()]);

/** A timestamptz as PostgreSQL prints it ("2026-12-03 08:30:47.123456+00"), with a real calendar date. */
const TIMESTAMPTZ_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/;

function isTimestamptzText(text: string): boolean {
  const parts = TIMESTAMPTZ_TEXT.exec(text)?.slice(1).map(Number);
  if (!parts) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1970 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

/**
 * The cursor back from its text, checked against the sort it continues: a key the sort's
 * column could not hold (a "joined" key that is not a timestamp) is refused here, not by the
 * database.
 */
export function decodeCursor(text: string, sort: DirectoryOrder['sort']): Cursor {
  let json: unknown = null;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    // Not JSON: refused below like any other shape.
  }
  const parsed = ZCursorJson.safeParse(json);
  if (parsed.success && (sort !== 'joined' || isTimestamptzText(parsed.data[0]))) {
    return { key: parsed.data[0], id: parsed.data[1] };
  }
  throw new AppError('INVALID_INPUT', 'Not a valid cursor', { field: 'after' });
}

/** Rows strictly after the cursor in `order` (the id tiebreak is always ascending). */
function keysetAfter(order: DirectoryOrder, cursor: Cursor): SQL {
  const key = sortKey(order.sort);
  const value = typedKey(order.sort, cursor.key);
  const id = sql`${cursor.id}::uuid`;
  return order.dir === 'asc'
    ? sql`(${key} > ${value} or (${key} = ${value} and ${memberships.id} > ${id}))`
    : sql`(${key} < ${value} or (${key} = ${value} and ${memberships.id} > ${id}))`;
}

export async function listMemberBatch(
  tx: Tx,
  orgId: string,
  input: MemberBatchInput,
  readable?: SQL,
): Promise<MemberBatch> {
  const directory = memberDirectoryWhere(orgId, input, readable);
  const where = input.after ? and(directory, keysetAfter(input, decodeCursor(input.after, input.sort)))! : directory;
  const rows = await tx
    .select({ ...memberRowColumns(), cursorKey: sql<string>`(${sortKey(input.sort)})::text` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(...memberDirectoryOrder(input))
    .limit(input.size);
  const last = rows.at(-1);
  return {
    rows: rows.map(({ cursorKey: _cursorKey, ...row }) => toMemberRow(row)),
    nextCursor:
      last && rows.length === input.size ? encodeCursor({ key: last.cursorKey, id: last.membershipId }) : null,
  };
}
