/**
 * An endpoint's deliveries, newest first: event type, status, attempts, the last response, when
 * it was made and when the next attempt is due. Filtered by status and paged by cursor through
 * the URL (plain links, so it works without JavaScript); a failed delivery can be replayed from
 * its row. The table scrolls inside its frame on a phone rather than widening the page.
 */
import { Form, Link } from '@remix-run/react';
import { FormAlert } from '~/components/forms';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text } from '~/components/ui/tremor';
import { formatUtc } from '~/lib/dates';
import { STATUS_FILTERS, deliveryLogSearch, type DeliveryLogQuery, type EndpointActionResult } from './endpointActions';
import { IntentSubmit } from './IntentSubmit';
import { DeliveryStatusBadge } from './WebhookBadges';
import type { DeliverySummary } from './webhookTypes';

const LINK_CLASS =
  'rounded-tremor-default border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';

function StatusFilter({ query }: { query: DeliveryLogQuery }) {
  return (
    <nav aria-label="Filter deliveries by status">
      <ul className="flex flex-wrap gap-2">
        {STATUS_FILTERS.map((filter) => {
          const isCurrent = (query.status ?? '') === filter.value;
          return (
            <li key={filter.label}>
              <Link
                to={{
                  search: deliveryLogSearch({
                    status: (filter.value || null) as DeliveryLogQuery['status'],
                    cursor: null,
                  }),
                }}
                preventScrollReset
                aria-current={isCurrent ? 'page' : undefined}
                className={`rounded-full border px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${
                  isCurrent ? 'border-blue-700 bg-blue-700 text-white' : 'border-gray-300 bg-white text-gray-800'
                }`}
              >
                {filter.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function ReplayButton({ delivery }: { delivery: DeliverySummary }) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="subject" value={delivery.id} />
      <IntentSubmit intent="replay" subject={delivery.id} variant="light" pendingText="Replaying…">
        Replay
      </IntentSubmit>
    </Form>
  );
}

export function DeliveryLog({
  deliveries,
  nextCursor,
  query,
  detailHref,
  canReplay,
  result,
}: {
  deliveries: DeliverySummary[];
  nextCursor: string | null;
  query: DeliveryLogQuery;
  detailHref: (deliveryId: string) => string;
  canReplay: boolean;
  result: EndpointActionResult | null;
}) {
  const replayed = result?.intent === 'replay' ? result : null;
  return (
    <div className="space-y-3">
      <StatusFilter query={query} />
      {replayed ? <FormAlert message={replayed.message} tone={replayed.ok ? 'success' : 'error'} /> : null}
      {deliveries.length === 0 ? (
        <Text>
          {query.status
            ? `No ${query.status} deliveries${query.cursor ? ' on this page' : ''}.`
            : 'No deliveries yet. Send a test event to see one here.'}
        </Text>
      ) : (
        <Table data-testid="delivery-log">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Event type</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Attempts</TableHeaderCell>
              <TableHeaderCell>Response</TableHeaderCell>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Next attempt</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-testid="delivery-row">
                <TableCell>
                  <Link
                    to={detailHref(delivery.id)}
                    className="font-mono text-xs font-medium text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
                  >
                    {delivery.eventType}
                  </Link>
                </TableCell>
                <TableCell>
                  <DeliveryStatusBadge status={delivery.status} />
                </TableCell>
                <TableCell>{delivery.attemptCount}</TableCell>
                <TableCell className="font-mono">
                  {delivery.lastResponseStatus === null ? '—' : delivery.lastResponseStatus}
                </TableCell>
                <TableCell>{formatUtc(delivery.createdAt)}</TableCell>
                <TableCell>{delivery.nextAttemptAt ? formatUtc(delivery.nextAttemptAt) : '—'}</TableCell>
                <TableCell>
                  {canReplay && delivery.status === 'failed' ? <ReplayButton delivery={delivery} /> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {query.cursor || nextCursor ? (
        <nav aria-label="Delivery pages" className="flex flex-wrap gap-2">
          {query.cursor ? (
            <Link
              to={{ search: deliveryLogSearch({ ...query, cursor: null }) }}
              preventScrollReset
              className={LINK_CLASS}
            >
              Newest deliveries
            </Link>
          ) : null}
          {nextCursor ? (
            <Link
              to={{ search: deliveryLogSearch({ ...query, cursor: nextCursor }) }}
              preventScrollReset
              rel="next"
              className={LINK_CLASS}
            >
              Older deliveries
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
