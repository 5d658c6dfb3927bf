/**
 * What the outbox relay publishes for an outbox row: the row joined to its actor's name, as JSON
 * a browser can read. Features that show these messages (the activity feed) map their own reads
 * of the outbox through `toOutboxMessage`, so a live event and a listed one have one shape. Knows
 * no topic and no feature.
 */

/** An outbox row joined to its actor's name. */
export type OutboxMessageRow = {
  id: number;
  type: string;
  actorUserId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
};

export type OutboxMessage = {
  /** Outbox id: increasing per org; subscribers resume and de-duplicate by it. */
  id: number;
  type: string;
  actor: { userId: string; name: string | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
};

export function toOutboxMessage(row: OutboxMessageRow): OutboxMessage {
  return {
    id: row.id,
    type: row.type,
    actor: row.actorUserId ? { userId: row.actorUserId, name: row.actorName } : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}
