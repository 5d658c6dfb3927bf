/**
 * The directory in keyset batches, for streaming exports: each batch continues strictly after the
 * (sort key, id) of the previous one's last row, so a member added or removed meanwhile never
 * shifts a row into a second batch or out of all of them, and no batch costs an OFFSET scan.
 * The cursor carries the sort key as PostgreSQL printed it (full timestamp precision).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { memberships, users } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { memberDirectoryOrder, memberDirectoryWhere, memberRowColumns, toMemberRow } from './directory';
import type { DirectoryOrder, MemberBatch, MemberBatchInput } from './schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [key, id] = value as unknown[];
      if (typeof key === 'string' && key.length <= 400 && typeof id === 'string' && UUID.test(id)) return { key, id };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new AppError('BAD_REQUEST', 'Not a valid cursor', { field: 'after' });
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
  const where = input.after ? and(directory, keysetAfter(input, decodeCursor(input.after)))! : directory;
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
