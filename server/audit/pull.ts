/**
 * The SIEM pull: every event of the org exactly once, oldest first, in pages after a cursor.
 * Seq is assigned under the org's chain-head lock, which the inserting transaction holds until it
 * commits (docs/decisions/010-audit.md), so within an org events become visible in seq order: a
 * reader that has seen seq n will never later find a committed event below n. The cursor is the
 * last seq handed out, so polling "after the cursor" neither misses nor repeats an event.
 */
import { z } from 'zod';
import { zText } from '../shared/safeText';
import type { Tx } from '../tenancy/withTenant';
import { auditEventsAfter } from './query';
import type { AuditEvent } from './types';

export const MAX_PULL_PAGE = 1_000;
export const DEFAULT_PULL_PAGE = 100;

/** Opaque to clients: the seq of the last event of the previous page. */
export const ZAuditPullCursor = zText()
  .regex(/^\d{1,16}$/, 'Not a cursor')
  .refine((cursor) => Number.isSafeInteger(Number(cursor)), 'Not a cursor');

export const ZAuditPullInput = z.object({
  cursor: ZAuditPullCursor.optional(),
  limit: z.number().int().min(1).max(MAX_PULL_PAGE, `At most ${MAX_PULL_PAGE} per page`).default(DEFAULT_PULL_PAGE),
});
export type AuditPullInput = z.infer<typeof ZAuditPullInput>;

export type AuditPullPage = { items: AuditEvent[]; nextCursor: string | null; hasMore: boolean };

export async function pullAuditEvents(tx: Tx, input: AuditPullInput): Promise<AuditPullPage> {
  const after = input.cursor ? Number(input.cursor) : 0;
  const rows = await auditEventsAfter(tx, after, {}, input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  // An empty page keeps the caller's cursor, so the next poll asks the same question again.
  return { items, nextCursor: last ? String(last.seq) : (input.cursor ?? null), hasMore: rows.length > input.limit };
}
