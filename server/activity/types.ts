import type { ActivityEvent } from '../shared/activityEvent';

/** An outbox row joined to its actor's name: what the relay publishes and the feed reads back. */
export type ActivityRow = {
  id: number;
  type: string;
  actorUserId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
};

export function toActivityEvent(row: ActivityRow): ActivityEvent {
  return {
    id: row.id,
    type: row.type,
    actor: row.actorUserId ? { userId: row.actorUserId, name: row.actorName } : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}
