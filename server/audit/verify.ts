/**
 * Chain verification: walks an org's events in seq order, in batches of short tenant
 * transactions, recomputing each hash with server/audit/canonical.ts (not the database's
 * function), and names the first event that does not verify. Checks, in order:
 *   - the start: seq 1 must follow the genesis hash; a later first event (older ones purged) is a
 *     trusted anchor only if a purge event recorded exactly that seq and prev_hash;
 *   - every event: no gap in seq, prev_hash equal to the previous hash, its own hash, time order;
 *   - the end: the chain head (last seq and hash) matches the last event, so a cut tail shows.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents } from '../../db/schema';
import type { Principal } from '../tenancy/principal';
import { withTenant, type Tx } from '../tenancy/withTenant';
import { canonicalEncoding, chainHash, GENESIS_HASH, type CanonicalFields } from './canonical';

export const PURGE_ACTION = 'audit.purge';
const BATCH = 5_000;

export type ChainBreak = { seq: number; id: string | null; reason: string };

export type ChainVerification = {
  ok: boolean;
  /** Events checked. */
  checked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Set when older events were purged: the first retained event and the prev_hash trusted for it. */
  anchor: { seq: number; prevHash: string } | null;
  broken: ChainBreak | null;
};

type ChainRow = CanonicalFields & { seqNumber: number; prevHash: Buffer; hash: Buffer; occurredAtMs: number };

async function chainBatch(tx: Tx, afterSeq: number): Promise<ChainRow[]> {
  const rows = await tx
    .select({
      orgId: sql<string>`${auditEvents.orgId}::text`,
      seq: sql<string>`${auditEvents.seq}::text`,
      id: sql<string>`${auditEvents.id}::text`,
      occurredAt: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
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
      before: sql<string | null>`${auditEvents.before}::text`,
      after: sql<string | null>`${auditEvents.after}::text`,
      prevHash: auditEvents.prevHash,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .where(gt(auditEvents.seq, afterSeq))
    .orderBy(auditEvents.seq)
    .limit(BATCH);
  return rows.map((row) => ({
    ...row,
    seqNumber: Number(row.seq),
    occurredAtMs: Date.parse(row.occurredAt),
  }));
}

/** Whether a purge event recorded this anchor (seq and the prev_hash of the first retained event). */
async function isAnchored(tx: Tx, seq: number, prevHashHex: string): Promise<boolean> {
  const [row] = await tx
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, PURGE_ACTION),
        eq(auditEvents.outcome, 'success'),
        sql`${auditEvents.after} @> ${JSON.stringify({ anchor: { seq, previous: prevHashHex } })}::jsonb`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function verifyChain(orgId: string, actor: Principal): Promise<ChainVerification> {
  const result: ChainVerification = { ok: true, checked: 0, firstSeq: null, lastSeq: null, anchor: null, broken: null };
  const fail = (row: { seqNumber: number; id: string } | null, seq: number, reason: string) => {
    result.ok = false;
    result.broken = { seq: row?.seqNumber ?? seq, id: row?.id ?? null, reason };
    return result;
  };
  let previous: ChainRow | null = null;
  for (;;) {
    const after: number = previous?.seqNumber ?? 0;
    const rows: ChainRow[] = await withTenant(orgId, actor, (tx) => chainBatch(tx, after));
    for (const row of rows) {
      if (!previous) {
        result.firstSeq = row.seqNumber;
        if (row.seqNumber === 1) {
          if (!row.prevHash.equals(GENESIS_HASH))
            return fail(row, 1, 'the first event does not start from the genesis hash');
        } else {
          const prevHashHex = row.prevHash.toString('hex');
          const anchored = await withTenant(orgId, actor, (tx) => isAnchored(tx, row.seqNumber, prevHashHex));
          if (!anchored) {
            return fail(
              row,
              row.seqNumber,
              `events before #${row.seqNumber} are missing and no purge event anchors #${row.seqNumber}`,
            );
          }
          result.anchor = { seq: row.seqNumber, prevHash: prevHashHex };
        }
      } else {
        if (row.seqNumber !== previous.seqNumber + 1) {
          return fail(null, previous.seqNumber + 1, `event #${previous.seqNumber + 1} is missing`);
        }
        if (!row.prevHash.equals(previous.hash))
          return fail(row, row.seqNumber, 'its prev_hash is not the hash of the event before it');
        if (row.occurredAtMs < previous.occurredAtMs)
          return fail(row, row.seqNumber, 'it is dated before the event before it');
      }
      if (!chainHash(row.prevHash, canonicalEncoding(row)).equals(row.hash)) {
        return fail(row, row.seqNumber, 'its content does not match its hash (altered after it was written)');
      }
      previous = row;
      result.checked += 1;
      result.lastSeq = row.seqNumber;
    }
    if (rows.length < BATCH) break;
  }
  const [head] = await withTenant(orgId, actor, (tx) =>
    tx.select({ seq: auditChainHeads.seq, hash: auditChainHeads.hash }).from(auditChainHeads),
  );
  const lastSeq = previous?.seqNumber ?? 0;
  if (head && Number(head.seq) !== lastSeq) {
    if (!previous && Number(head.seq) > 0) return fail(null, 1, `all ${head.seq} events are missing`);
    return fail(
      null,
      lastSeq + 1,
      `the chain head is at #${head.seq} but the last event is #${lastSeq}: events were removed`,
    );
  }
  if (head && previous && !head.hash.equals(previous.hash)) {
    return fail(previous, lastSeq, 'the last event does not match the chain head');
  }
  return result;
}
