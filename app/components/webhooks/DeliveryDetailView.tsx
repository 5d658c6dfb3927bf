/**
 * One delivery in full: what was sent (the payload, pretty-printed) and every attempt — why it
 * was made, the request's URL and headers (never the secret; the signatures are fine to show),
 * the answer's status and the start of its body, how long it took, and the error if there was no
 * answer. Everything from outside is shown as text.
 */
import type { ReactNode } from 'react';
import { Card } from '~/components/ui/tremor';
import { formatUtc } from '~/lib/dates';
import { JsonBlock, prettyJson } from './JsonBlock';
import { printable } from './printable';
import { DeliveryStatusBadge } from './WebhookBadges';
import type { DeliveryAttempt, DeliveryDetail } from './webhookTypes';

const TRIGGER: Record<DeliveryAttempt['trigger'], string> = {
  scheduled: 'Scheduled',
  replay: 'Replay',
  test: 'Test event',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-gray-600">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

function AttemptCard({ attempt }: { attempt: DeliveryAttempt }) {
  const headers = Object.entries(attempt.requestHeaders)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return (
    <Card className="space-y-3" data-testid="delivery-attempt">
      <h3 className="text-base font-semibold text-gray-900">Attempt {attempt.attemptNumber}</h3>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
        <Fact label="Trigger">{TRIGGER[attempt.trigger]}</Fact>
        <Fact label="Started">{formatUtc(attempt.startedAt)}</Fact>
        <Fact label="Duration">{`${attempt.durationMs} ms`}</Fact>
        <Fact label="Response status">
          <span className="font-mono">{attempt.responseStatus ?? 'No answer'}</span>
        </Fact>
        <div className="min-w-0 sm:col-span-2">
          <dt className="text-gray-600">Request URL</dt>
          <dd className="break-all font-mono text-xs">{attempt.requestUrl}</dd>
        </div>
      </dl>
      {attempt.error ? (
        <p className="break-words text-sm text-red-700">
          <span className="font-medium">Error: </span>
          {printable(attempt.error)}
        </p>
      ) : null}
      <div className="space-y-1">
        <p className="text-sm font-medium text-gray-700">Request headers</p>
        <JsonBlock text={headers} label={`Request headers of attempt ${attempt.attemptNumber}`} />
      </div>
      <div className="space-y-1">
        <p className="text-sm font-medium text-gray-700">Response body (start)</p>
        {attempt.responseBodyExcerpt ? (
          <JsonBlock
            text={attempt.responseBodyExcerpt}
            label={`Response body of attempt ${attempt.attemptNumber}`}
            testId="response-body"
          />
        ) : (
          <p className="text-sm text-gray-600">Empty</p>
        )}
      </div>
    </Card>
  );
}

export function DeliveryDetailView({ detail }: { detail: DeliveryDetail }) {
  const { delivery, payload, attempts } = detail;
  return (
    <div className="space-y-6">
      <Card className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="break-all font-mono text-base font-semibold text-gray-900">{delivery.eventType}</h2>
          <DeliveryStatusBadge status={delivery.status} />
        </div>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
          <Fact label="Message id (webhook-id)">
            <span className="break-all font-mono text-xs">{delivery.messageId}</span>
          </Fact>
          <Fact label="Created">{formatUtc(delivery.createdAt)}</Fact>
          <Fact label="Attempts">{delivery.attemptCount}</Fact>
          <Fact label="Last attempt">{delivery.lastAttemptAt ? formatUtc(delivery.lastAttemptAt) : '—'}</Fact>
          <Fact label="Next attempt">{delivery.nextAttemptAt ? formatUtc(delivery.nextAttemptAt) : '—'}</Fact>
          <Fact label="Last response">
            <span className="font-mono">{delivery.lastResponseStatus ?? '—'}</span>
          </Fact>
        </dl>
      </Card>
      <section aria-labelledby="payload-heading" className="space-y-2">
        <h2 id="payload-heading" className="text-lg font-semibold text-gray-900">
          Payload
        </h2>
        <JsonBlock text={prettyJson(payload)} label="Payload" testId="delivery-payload" />
      </section>
      <section aria-labelledby="attempts-heading" className="space-y-3">
        <h2 id="attempts-heading" className="text-lg font-semibold text-gray-900">
          Attempts
        </h2>
        {attempts.length === 0 ? (
          <Card>
            <p className="text-sm text-gray-700">No attempt yet: the first one is on its way.</p>
          </Card>
        ) : (
          <ol className="space-y-3">
            {attempts.map((attempt) => (
              <li key={attempt.id}>
                <AttemptCard attempt={attempt} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
