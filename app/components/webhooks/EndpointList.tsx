/**
 * The org's endpoints: where each sends, what it is subscribed to, its state, how its last
 * delivery went and how many failed in the last day. Each links to its page. Cards rather than a
 * table, so a long URL wraps at 390 px instead of widening the page.
 */
import { Link } from '@remix-run/react';
import { Card } from '~/components/ui/tremor';
import { formatUtc } from '~/lib/dates';
import { countOf } from '../../../server/shared/plural';
import { subscriptionOf } from './endpointState';
import { printable } from './printable';
import { DeliveryStatusBadge, EndpointStateBadge } from './WebhookBadges';
import type { EndpointSummary } from './webhookTypes';

function LastDelivery({ last }: { last: EndpointSummary['lastDelivery'] }) {
  if (!last) return <span className="text-gray-600">None yet</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <DeliveryStatusBadge status={last.status} />
      {last.responseStatus !== null ? <span className="font-mono">HTTP {last.responseStatus}</span> : null}
      <span className="text-gray-600">{formatUtc(last.at)}</span>
    </span>
  );
}

export function EndpointList({ endpoints, orgSlug }: { endpoints: EndpointSummary[]; orgSlug: string }) {
  return (
    <ul className="space-y-3" aria-label="Endpoints">
      {endpoints.map((endpoint) => (
        <li key={endpoint.id}>
          <Card className="space-y-3" data-testid="webhook-endpoint">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <Link
                  to={`/o/${orgSlug}/webhooks/${endpoint.id}`}
                  className="break-all font-mono text-sm font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
                >
                  {endpoint.url}
                </Link>
                {endpoint.description ? (
                  <p className="mt-1 break-words text-sm text-gray-700">{printable(endpoint.description)}</p>
                ) : null}
              </div>
              <EndpointStateBadge endpoint={endpoint} />
            </div>
            <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-gray-600">Events</dt>
                <dd>{subscriptionOf(endpoint.eventTypes)}</dd>
              </div>
              <div>
                <dt className="text-gray-600">Last delivery</dt>
                <dd>
                  <LastDelivery last={endpoint.lastDelivery} />
                </dd>
              </div>
              <div>
                <dt className="text-gray-600">Failed in the last 24 h</dt>
                <dd className={endpoint.failedLast24h > 0 ? 'font-medium text-red-700' : undefined}>
                  {countOf(endpoint.failedLast24h, 'delivery', 'deliveries')}
                </dd>
              </div>
            </dl>
          </Card>
        </li>
      ))}
    </ul>
  );
}
