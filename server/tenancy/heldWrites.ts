/**
 * What a withTenant transaction writes last, right before COMMIT (server/tenancy/commitWrites.ts):
 * its activity events — so their ids follow commit order (server/realtime/outbox.ts) — and the
 * audit event of its mutation (server/audit/middleware.ts), in one statement, so auditing a
 * mutation adds no round trip. Only the storage: writers add, the commit step takes.
 */
import type { AuditEventInput } from '../audit/types';
import type { OutboxEventInput } from '../realtime/outbox';
import type { Tx } from './withTenant';

export type HeldActivity = { event: OutboxEventInput; onWritten?: (id: number) => void };
export type HeldWrites = { activity: HeldActivity[]; audit: AuditEventInput[] };

const held = new WeakMap<Tx, HeldWrites>();

/** Called by withTenant when its transaction begins. */
export function beginHeldWrites(tx: Tx): void {
  held.set(tx, { activity: [], audit: [] });
}

/** The transaction's held writes. A Tx exists only inside withTenant: used after its transaction ended, it refuses. */
export function heldWritesOf(tx: Tx): HeldWrites {
  const writes = held.get(tx);
  if (!writes) throw new Error('an event was recorded on a transaction that has already ended');
  return writes;
}

/** Takes them for writing (nothing is held afterwards), or drops them when the transaction ended otherwise. */
export function takeHeldWrites(tx: Tx): HeldWrites | undefined {
  const writes = held.get(tx);
  held.delete(tx);
  return writes;
}
