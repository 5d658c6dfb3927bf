/**
 * A key's usage, behind its own disclosure on the key's card: requests per hour (last 24 hours)
 * or per day (last 7 or 30 days) as a stacked bar chart by outcome, the same numbers in words,
 * and a range picker (radio buttons: arrow keys move between them). Fetched only once opened,
 * through apiKeys.usage; without JavaScript the disclosure says so instead.
 */
import { useParams } from '@remix-run/react';
import { Suspense, lazy, useState } from 'react';
import { formatUtc } from '~/lib/dates';
import { trpc } from '~/lib/trpc';
import type { ApiKeyUsageRange } from '../../../server/apiKeys/schemas';
import { USAGE_RANGES, chartRows, usageSummary, usageTotals } from './usageChart';

const UsageBarChart = lazy(() => import('./UsageBarChart'));

const SUMMARY_CLASS =
  'cursor-pointer rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';

function RangePicker({
  keyId,
  range,
  onChange,
}: {
  keyId: string;
  range: ApiKeyUsageRange;
  onChange: (range: ApiKeyUsageRange) => void;
}) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2">
      <legend className="sr-only">Usage range</legend>
      {USAGE_RANGES.map((choice) => (
        <label key={choice.value} className="cursor-pointer">
          <input
            type="radio"
            name={`usage-range-${keyId}`}
            value={choice.value}
            checked={range === choice.value}
            onChange={() => onChange(choice.value)}
            className="peer sr-only"
          />
          <span className="inline-block rounded-md border border-gray-300 px-3 py-1 text-sm text-gray-700 peer-checked:border-blue-600 peer-checked:bg-blue-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-blue-500 peer-focus-visible:ring-offset-1">
            {choice.label}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

const loading = (
  <p role="status" className="flex h-56 items-center justify-center text-sm text-gray-500">
    Loading usage…
  </p>
);

function UsagePanel({ keyId, keyName }: { keyId: string; keyName: string }) {
  const { slug = '' } = useParams();
  const [range, setRange] = useState<ApiKeyUsageRange>('7d');
  const span = USAGE_RANGES.find((choice) => choice.value === range)!.span;
  // Counts grow every few seconds: a range picked again shows what was loaded and refreshes it.
  const usage = trpc.apiKeys.usage.useQuery(
    { orgSlug: slug, keyId, range },
    { staleTime: 0, refetchOnWindowFocus: false },
  );

  let body;
  if (usage.isPending) {
    body = loading;
  } else if (usage.isError) {
    body = (
      <p role="alert" className="text-sm text-red-700">
        Usage could not be loaded: {usage.error.message}
      </p>
    );
  } else if (usageTotals(usage.data).requests === 0) {
    body = (
      <p role="status" className="rounded-md bg-gray-50 px-3 py-6 text-center text-sm text-gray-600">
        No requests in {span}.{usage.data.lastUsedAt ? ` Last used ${formatUtc(usage.data.lastUsedAt)}.` : ''}
      </p>
    );
  } else {
    const summary = usageSummary(usage.data, span);
    body = (
      <>
        <div role="img" aria-label={`Requests with ${keyName}: ${summary}`}>
          <Suspense fallback={loading}>
            <UsageBarChart rows={chartRows(usage.data)} />
          </Suspense>
        </div>
        <p role="status" className="text-sm text-gray-700" data-testid="api-key-usage-summary">
          {summary}
        </p>
        <p className="text-xs text-gray-500">
          {usage.data.bucket === 'hour' ? 'Hours in UTC.' : `Days in ${usage.data.timeZone}.`}
        </p>
      </>
    );
  }

  return (
    <div className="mt-2 space-y-3">
      <RangePicker keyId={keyId} range={range} onChange={setRange} />
      {body}
    </div>
  );
}

export function KeyUsage({ keyId, keyName }: { keyId: string; keyName: string }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <details className="w-full" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className={SUMMARY_CLASS}>Usage</summary>
      {isOpen ? (
        <UsagePanel keyId={keyId} keyName={keyName} />
      ) : (
        <noscript>
          <p className="mt-2 text-sm text-gray-600">The usage chart needs JavaScript.</p>
        </noscript>
      )}
    </details>
  );
}
