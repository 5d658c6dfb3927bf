/**
 * What a push request carries: NDJSON, one audit event per line, oldest first, in exactly the
 * shape of the NDJSON export (server/audit/exportFormat.ts: seq, id, occurred_at, actor, action,
 * resource, outcome, reason, ip, user agent, country, request id, before/after as JSON, hashes as
 * hex), so one parser serves both. Delivery is at-least-once: a receiver de-duplicates on `id`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { auditEvents } from '../../../db/schema';
import type { Tx } from '../../tenancy/withTenant';
import { EXPORT_COLUMNS, EXPORT_SELECT, ndjsonLine, rowOf } from '../exportFormat';

export const PUSH_BATCH = 500;
export const TEST_ACTION = 'audit.push_test';

const dialect = new PgDialect();
const e = auditEvents;
const SELECTED = sql.join(EXPORT_SELECT, sql`, `);
const SEQ = EXPORT_COLUMNS.indexOf('seq');
const ID = EXPORT_COLUMNS.indexOf('id');
const AT = EXPORT_COLUMNS.indexOf('occurred_at');

export type PushBatch = {
  body: string;
  count: number;
  last: { seq: number; id: string; occurredAt: string } | null;
};

/** The org's next events after the cursor, in chain order (RLS keeps it to the tenant's own). */
export async function nextBatch(tx: Tx, afterSeq: number, limit = PUSH_BATCH): Promise<PushBatch> {
  const query = dialect.sqlToQuery(
    sql`select ${SELECTED} from ${e} where ${e.seq} > ${afterSeq} order by ${e.seq} limit ${Math.min(limit, PUSH_BATCH)}`,
  );
  const { rows } = await tx.$client.query<(string | null)[]>({
    text: query.sql,
    values: query.params,
    rowMode: 'array',
  });
  const lastRow = rows.at(-1);
  return {
    body: rows.map((values) => ndjsonLine(rowOf(values))).join(''),
    count: rows.length,
    last: lastRow ? { seq: Number(lastRow[SEQ]), id: String(lastRow[ID]), occurredAt: String(lastRow[AT]) } : null,
  };
}

/** The test request: one line shaped like an event, marked `test: true`, not part of the trail. */
export function testPayload(orgId: string, actor: { id: string | null; email: string | null }, now = new Date()) {
  const line: Record<string, unknown> = Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, null]));
  Object.assign(line, {
    id: randomUUID(),
    occurred_at: now.toISOString(),
    actor_type: 'user',
    actor_id: actor.id,
    actor_email: actor.email,
    action: TEST_ACTION,
    resource_type: 'organization',
    resource_id: orgId,
    outcome: 'success',
    country: 'unknown',
    test: true,
  });
  return { body: `${JSON.stringify(line)}\n`, count: 1 };
}
