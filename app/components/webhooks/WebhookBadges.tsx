/** The state of an endpoint and the status of a delivery, as badges with words (never colour alone). */
import { Badge } from '~/components/Badge';
import { deliveryStatusOf, endpointStateOf } from './endpointState';
import type { DeliveryStatus, EndpointSummary } from './webhookTypes';

export function EndpointStateBadge({ endpoint }: { endpoint: Pick<EndpointSummary, 'isEnabled' | 'disabledReason'> }) {
  const state = endpointStateOf(endpoint);
  return (
    <Badge color={state.color} data-testid="endpoint-state">
      {state.label}
    </Badge>
  );
}

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const label = deliveryStatusOf(status);
  return (
    <Badge color={label.color} data-testid="delivery-status">
      {label.label}
    </Badge>
  );
}
