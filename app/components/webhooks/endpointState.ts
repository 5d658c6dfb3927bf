/**
 * How an endpoint's state reads: enabled, or disabled and why (by a person, because it answered
 * 410 Gone, or after five days of failures), and what it is subscribed to. Browser-safe.
 */
import type { BadgeColor } from '~/components/Badge';
import { countOf } from '../../../server/shared/plural';
import type { DeliveryStatus, EndpointSummary } from './webhookTypes';

export type StateLabel = { label: string; color: BadgeColor };

export function endpointStateOf(endpoint: Pick<EndpointSummary, 'isEnabled' | 'disabledReason'>): StateLabel {
  if (endpoint.isEnabled) return { label: 'Enabled', color: 'emerald' };
  switch (endpoint.disabledReason) {
    case 'gone':
      return { label: 'Disabled: endpoint answered 410', color: 'red' };
    case 'failing':
      return { label: 'Disabled: failing for 5 days', color: 'red' };
    default:
      return { label: 'Disabled by you', color: 'gray' };
  }
}

export function isAllEvents(eventTypes: readonly string[]): boolean {
  return eventTypes.includes('*');
}

export function subscriptionOf(eventTypes: readonly string[]): string {
  return isAllEvents(eventTypes) ? 'All events' : countOf(eventTypes.length, 'event type');
}

const DELIVERY_STATUS: Record<DeliveryStatus, StateLabel> = {
  pending: { label: 'Pending', color: 'blue' },
  succeeded: { label: 'Succeeded', color: 'emerald' },
  failed: { label: 'Failed', color: 'red' },
};

export function deliveryStatusOf(status: DeliveryStatus): StateLabel {
  return DELIVERY_STATUS[status];
}
