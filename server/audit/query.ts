/**
 * Reading the trail: filtered, keyset-paginated pages (newest first) and one event's detail.
 * Runs in the caller's tenant transaction; RLS limits rows to that org. Along an org's chain
 * occurred_at never decreases, and pages walk the (org_id, occurred_at, seq) index backwards from
 * the cursor, so a page costs the same at event 10 and at event 10 million.
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { EARLIEST_DATE, LATEST_DATE } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { auditEvents, AUDIT_OUTCOMES } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import type { AuditEvent, AuditEventDetail } from './types';

export const MAX_PAGE = 200;

/**
 * "<occurred_at ms>.<seq>" of the last event of the previous page; both parts within what the
 * columns hold (a timestamp up to 9999, a bigint JavaScript holds exactly).
 */
export const ZAuditCursor = zText()
  .regex(/^\d{1,15}\.\d{1,16}$/, 'Not a cursor')
  .refine((cursor) => {
    const { at, seq } = parseCursor(cursor);
    return at.getTime() <= LATEST_DATE.getTime() && Number.isSafeInteger(seq);
  }, 'Not a cursor');

export const ZAuditFilters = z.object({
  /** A user id (or API key id) or an email address. */
  actor: zText().trim().min(1).max(320).optional(),
  actions: z.array(zText().trim().min(1).max(200)).max(20).optional(),
  resourceType: zText().trim().min(1).max(100).optional(),
  resourceId: zText().trim().min(1).max(200).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** Inclusive start and exclusive end, ISO 8601. */
  from: z.coerce.date().min(EARLIEST_DATE).max(LATEST_DATE).optional(),
  to: z.coerce.date().min(EARLIEST_DATE).max(LATEST_DATE).optional(),
});
export type AuditFilters = z.infer<typeof ZAuditFilters>;

export function filterConditions(filters: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.actor) {
    where.push(
      filters.actor.includes('@')
        ? sql`lower(${auditEvents.actorEmail}) = lower(${filters.actor})`
        : eq(auditEvents.actorId, filters.actor),
    );
  }
  if (filters.actions?.length) where.push(inArray(auditEvents.action, filters.actions));
  if (filters.resourceType) where.push(eq(auditEvents.resourceType, filters.resourceType));
  if (filters.resourceId) where.push(eq(auditEvents.resourceId, filters.resourceId));
  if (filters.outcome) where.push(eq(auditEvents.outcome, filters.outcome));
  if (filters.from) where.push(gte(auditEvents.occurredAt, filters.from));
  if (filters.to) where.push(lt(auditEvents.occurredAt, filters.to));
  return where;
}

export function parseCursor(cursor: string): { at: Date; seq: number } {
  const [ms = '0', seq = '0'] = cursor.split('.');
  return { at: new Date(Number(ms)), seq: Number(seq) };
}

export function cursorOf(event: { occurredAt: Date; seq: number }): string {
  return `${event.occurredAt.getTime()}.${event.seq}`;
}

/** Before the cursor in (occurred_at, seq) order — the row-value comparison the index serves. */
export function beforeCursor(cursor: string): SQL {
  const { at, seq } = parseCursor(cursor);
  return sql`(${auditEvents.occurredAt}, ${auditEvents.seq}) < (${at.toISOString()}::timestamptz, ${seq}::bigint)`;
}

const summaryColumns = {
  seq: auditEvents.seq,
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorType: auditEvents.actorType,
  actorId: auditEvents.actorId,
  actorEmail: auditEvents.actorEmail,
  action: auditEvents.action,
  resourceType: auditEvents.resourceType,
  resourceId: auditEvents.resourceId,
  outcome: auditEvents.outcome,
  reason: auditEvents.reason,
  ip: auditEvents.ip,
  userAgent: auditEvents.userAgent,
  country: auditEvents.country,
  requestId: auditEvents.requestId,
  hasChange: sql<boolean>`(${auditEvents.before} is not null or ${auditEvents.after} is not null)`,
};

type SummaryRow = {
  seq: number;
  id: string;
  occurredAt: Date;
  actorType: AuditEvent['actor']['type'];
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: AuditEvent['outcome'];
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  country: string;
  requestId: string | null;
  hasChange: boolean;
};

export function toAuditEvent(row: SummaryRow): AuditEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { type: row.actorType, id: row.actorId, email: row.actorEmail },
    action: row.action,
    resource: row.resourceType ? { type: row.resourceType, id: row.resourceId } : null,
    outcome: row.outcome,
    reason: row.reason,
    ip: row.ip,
    userAgent: row.userAgent,
    country: row.country,
    requestId: row.requestId,
    hasChange: row.hasChange,
  };
}

export type AuditPage = { items: AuditEvent[]; nextCursor: string | null };

export async function listAuditEvents(
  tx: Tx,
  input: { filters: AuditFilters; cursor?: string; limit: number },
): Promise<AuditPage> {
  const where = filterConditions(input.filters);
  if (input.cursor) where.push(beforeCursor(input.cursor));
  const rows = await tx
    .select(summaryColumns)
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.seq))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEvent),
    nextCursor: rows.length > input.limit && last ? cursorOf(last) : null,
  };
}

/** Events after `seq`, oldest first, matching the filters: what the live tail has not shown yet. */
export async function auditEventsAfter(tx: Tx, afterSeq: number, filters: AuditFilters, limit: number) {
  const rows = await tx
    .select(summaryColumns)
    .from(auditEvents)
    .where(and(sql`${auditEvents.seq} > ${afterSeq}`, ...filterConditions(filters)))
    .orderBy(auditEvents.seq)
    .limit(limit);
  return rows.map(toAuditEvent);
}

export async function latestAuditSeq(tx: Tx): Promise<number> {
  const [row] = await tx.select({ seq: sql<string | null>`max(${auditEvents.seq})` }).from(auditEvents);
  return Number(row?.seq ?? 0);
}

export async function getAuditEvent(tx: Tx, seq: number): Promise<AuditEventDetail> {
  const [row] = await tx
    .select({
      ...summaryColumns,
      before: auditEvents.before,
      after: auditEvents.after,
      hash: sql<string>`encode(${auditEvents.hash}, 'hex')`,
      prevHash: sql<string>`encode(${auditEvents.prevHash}, 'hex')`,
    })
    .from(auditEvents)
    .where(eq(auditEvents.seq, seq));
  if (!row) throw new AppError('NOT_FOUND', 'Audit event not found');
  return { ...toAuditEvent(row), before: row.before, after: row.after, hash: row.hash, prevHash: row.prevHash };
}
