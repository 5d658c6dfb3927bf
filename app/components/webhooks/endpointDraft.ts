/**
 * The endpoint form (add and edit) as data: what was typed, read from the posted form the same
 * way in the browser (to check before sending) and in the action (to call the procedure), the
 * checks the browser can make on its own, and the procedure's input. Whether a URL may be used
 * (https, a public address) is the server's call: its refusal lands on the url field. Browser-safe.
 */
import type { FieldErrors } from '~/components/forms';
import { isWebhookEventType, type WebhookEventType } from '../../../server/shared/webhookEvents';

export const MAX_URL = 2_048;
export const MAX_DESCRIPTION = 500;

export type EndpointDraft = {
  url: string;
  description: string;
  /** Every event type, including ones added later (['*']). */
  allEvents: boolean;
  eventTypes: string[];
  isEnabled: boolean;
};

export const EMPTY_DRAFT: EndpointDraft = {
  url: '',
  description: '',
  allEvents: true,
  eventTypes: [],
  isEnabled: true,
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function readEndpointDraft(form: FormData): EndpointDraft {
  return {
    url: text(form, 'url'),
    description: text(form, 'description'),
    allEvents: text(form, 'events') !== 'some',
    eventTypes: form.getAll('eventTypes').filter((value): value is string => typeof value === 'string'),
    isEnabled: form.get('isEnabled') === 'on',
  };
}

export function draftOf(endpoint: { url: string; description: string; eventTypes: string[]; isEnabled: boolean }) {
  const allEvents = endpoint.eventTypes.includes('*');
  return {
    url: endpoint.url,
    description: endpoint.description,
    allEvents,
    eventTypes: allEvents ? [] : endpoint.eventTypes,
    isEnabled: endpoint.isEnabled,
  } satisfies EndpointDraft;
}

function urlProblem(raw: string): string | null {
  const url = raw.trim();
  if (url === '') return 'Enter the URL that receives the events';
  if (url.length > MAX_URL) return `Use at most ${MAX_URL} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full URL, starting with https://';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The URL must start with https://';
  return null;
}

/** What the browser can tell before sending; the server checks again (and more). */
export function draftErrors(draft: EndpointDraft): FieldErrors {
  const errors: FieldErrors = {};
  const url = urlProblem(draft.url);
  if (url) errors.url = [url];
  if (draft.description.trim().length > MAX_DESCRIPTION) {
    errors.description = [`Use at most ${MAX_DESCRIPTION} characters`];
  }
  if (!draft.allEvents) {
    if (draft.eventTypes.length === 0) errors.eventTypes = ['Choose at least one event type, or all events'];
    else if (!draft.eventTypes.every(isWebhookEventType)) errors.eventTypes = ['Choose event types from the list'];
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((messages) => (messages?.length ?? 0) > 0);
}

/** The fields create and update take (of a draft draftErrors passed, so no type is dropped). */
export function endpointFields(draft: EndpointDraft) {
  const eventTypes: ['*'] | WebhookEventType[] = draft.allEvents ? ['*'] : draft.eventTypes.filter(isWebhookEventType);
  return { url: draft.url.trim(), description: draft.description.trim(), eventTypes, isEnabled: draft.isEnabled };
}
