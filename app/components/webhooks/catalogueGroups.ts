/**
 * The event catalogue (server/shared/webhookEvents.ts) in the order pages show it: by group, in
 * the catalogue's order, each type with its description and the full body a receiver gets.
 * Browser-safe.
 */
import {
  WEBHOOK_EVENTS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventGroup,
  type WebhookEventType,
} from '../../../server/shared/webhookEvents';

export type CatalogueEntry = { type: WebhookEventType; description: string; example: Record<string, unknown> };
export type CatalogueGroup = { group: WebhookEventGroup; events: CatalogueEntry[] };

/** A fixed moment, so the server's and the browser's rendering of an example are the same. */
const EXAMPLE_TIMESTAMP = '2026-12-03T12:00:00.000Z';

export function catalogueGroups(): CatalogueGroup[] {
  const groups = new Map<WebhookEventGroup, CatalogueEntry[]>();
  for (const type of WEBHOOK_EVENT_TYPES) {
    const { group, description, example } = WEBHOOK_EVENTS[type];
    const events = groups.get(group) ?? [];
    events.push({ type, description, example });
    groups.set(group, events);
  }
  return [...groups].map(([group, events]) => ({ group, events }));
}

/** The body a receiver gets for an event: `{ type, timestamp, data }`. */
export function exampleBody(entry: Pick<CatalogueEntry, 'type' | 'example'>): string {
  return JSON.stringify({ type: entry.type, timestamp: EXAMPLE_TIMESTAMP, data: entry.example }, null, 2);
}
