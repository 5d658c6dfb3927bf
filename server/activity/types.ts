/**
 * An activity event as the browser receives it (server/shared/activityEvent.ts). The relay publishes
 * every outbox row as an OutboxMessage (server/realtime/outboxMessage.ts); an activity event is that
 * message, which `toActivityEvent` checks at compile time.
 */
import type { ActivityEvent } from '../shared/activityEvent';
import { type OutboxMessageRow, toOutboxMessage } from '../realtime/outboxMessage';

/** An outbox row joined to its actor's name: what the relay publishes and the feed reads back. */
export type ActivityRow = OutboxMessageRow;

export function toActivityEvent(row: ActivityRow): ActivityEvent {
  return toOutboxMessage(row);
}
