/**
 * The shape of an activity event as the browser receives it (list and live subscription). The
 * relay publishes every outbox row as an OutboxMessage (server/realtime/outboxMessage.ts); an
 * activity event is that message, which `toActivityEvent` checks at compile time.
 */
import { type OutboxMessageRow, toOutboxMessage } from '../realtime/outboxMessage';

export type ActivityEvent = {
  /** Outbox id: increasing per org; used as the subscription's tracked id (as a string). */
  id: number;
  type: string;
  actor: { userId: string; name: string | null } | null;
  data: Record<string, unknown>;
  createdAt: string;
};

/** An outbox row joined to its actor's name: what the relay publishes and the feed reads back. */
export type ActivityRow = OutboxMessageRow;

export function toActivityEvent(row: ActivityRow): ActivityEvent {
  return toOutboxMessage(row);
}
