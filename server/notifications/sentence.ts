/**
 * How a notification email says what happened: the same sentence the activity feed and the inbox
 * show ("Dana Admin updated the organization profile (name, tax ID)"), from the entry's type,
 * actor and data — one sentence builder for the browser and the emails.
 */
import { describeActivity } from '../shared/describeActivity';
import { toActivityEvent, type ActivityRow } from '../activity/types';

/** An inbox entry's event, as the feed reads it (actorName null when the actor left the org). */
export type NotificationFacts = ActivityRow;

export function notificationSentence(facts: NotificationFacts): string {
  return describeActivity(toActivityEvent(facts));
}
