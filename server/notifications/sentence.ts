/**
 * How a notification email says what happened: the same sentence the activity feed and the inbox
 * show ("Dana Admin updated the organization profile (name, tax ID)"), from the entry's type,
 * actor and data — one sentence builder for the browser and the emails.
 */
import { describeActivity } from '../activity/describeActivity';

export type NotificationFacts = {
  id: number;
  type: string;
  actorUserId: string | null;
  /** Null when the actor is no longer visible (left the organization). */
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
};

export function notificationSentence(facts: NotificationFacts): string {
  return describeActivity({
    id: facts.id,
    type: facts.type,
    actor: facts.actorUserId ? { userId: facts.actorUserId, name: facts.actorName } : null,
    data: facts.data,
    createdAt: facts.createdAt.toISOString(),
  });
}
