/**
 * What the endpoint page and its action agree on: the form intents, the shape of an action's
 * answer, the secret overlap choices and the delivery log's filter. Browser-safe: no server runtime.
 */
import type { FieldErrors } from '~/components/forms';
import type { EndpointDraft } from './endpointDraft';
import type { DeliveryStatus } from './webhookTypes';

export const ENDPOINT_INTENTS = [
  'update',
  'enable',
  'disable',
  'delete',
  'rotate',
  'sendTest',
  'replay',
  'replayFailed',
] as const;
export type EndpointIntent = (typeof ENDPOINT_INTENTS)[number];

export function endpointIntentOf(raw: string): EndpointIntent | null {
  return (ENDPOINT_INTENTS as readonly string[]).includes(raw) ? (raw as EndpointIntent) : null;
}

export type EndpointActionResult = {
  ok: boolean;
  intent: EndpointIntent | null;
  message: string;
  /** The delivery a per-row form was about (replay), so its row shows the outcome. */
  subject: string | null;
  /** A new signing secret (rotate): shown once. */
  secret: string | null;
  fieldErrors: FieldErrors;
  /** What was typed in the edit form, kept after a refusal. */
  draft: EndpointDraft | null;
  /** The save was refused because someone else saved first. */
  isStale: boolean;
};

/** How long the previous secret keeps signing after a rotation (the server allows 0 to 168 hours). */
export const OVERLAP_CHOICES = [
  { hours: 0, label: 'No overlap: the old secret stops now' },
  { hours: 1, label: 'Keep signing with the old secret for 1 hour' },
  { hours: 24, label: 'Keep signing with the old secret for 24 hours' },
  { hours: 168, label: 'Keep signing with the old secret for 7 days' },
] as const;

export function overlapOf(raw: string): number {
  const hours = Number(raw);
  return OVERLAP_CHOICES.some((choice) => choice.hours === hours) ? hours : 0;
}

/** The delivery log's status filter, from the page's URL. */
export const STATUS_FILTERS = [
  { value: '', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'pending', label: 'Pending' },
] as const;

export type DeliveryLogQuery = { status: DeliveryStatus | null; cursor: string | null };

export function deliveryLogQueryOf(search: URLSearchParams): DeliveryLogQuery {
  const status = search.get('status');
  const cursor = search.get('cursor');
  return {
    status: status === 'failed' || status === 'succeeded' || status === 'pending' ? status : null,
    cursor: cursor && cursor.length <= 200 ? cursor : null,
  };
}

export function deliveryLogSearch(query: DeliveryLogQuery): string {
  const search = new URLSearchParams();
  if (query.status) search.set('status', query.status);
  if (query.cursor) search.set('cursor', query.cursor);
  const text = search.toString();
  return text ? `?${text}` : '';
}
