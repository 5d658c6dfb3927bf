/**
 * A chart card of the usage page: title, the figure that sums it up, the chart (lazy), a CSV
 * download of exactly the shown series, and "No usage yet" when the period has none.
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { Card, Text } from '~/components/ui/tremor';
import type { UsageRange } from '../../../server/shared/usageRanges';
import type { UsageSeriesOutput } from '../../../server/usage/schemas';
import { chartData } from './usageChartData';

const UsageChart = lazy(() => import('./UsageChart'));

const chartLoading = (
  <p role="status" className="flex h-60 items-center justify-center text-sm text-gray-500">
    Loading chart…
  </p>
);

/**
 * True once mounted in the browser. The chart mounts only then: a lazy component inside a Suspense
 * boundary that is still dehydrated when a live refetch changes its props makes React throw
 * (error #421), and recharts draws nothing useful on the server anyway.
 */
function useIsMounted(): boolean {
  const [isMounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return isMounted;
}

export function UsageChartCard({
  orgSlug,
  title,
  headline,
  series,
  range,
  kind,
  seriesLabel,
  valueFormatter,
  isEmpty,
}: {
  orgSlug: string;
  title: string;
  headline: string;
  series: UsageSeriesOutput;
  range: UsageRange;
  kind: 'bar' | 'area';
  seriesLabel: string;
  valueFormatter: (value: number) => string;
  isEmpty: boolean;
}) {
  const isMounted = useIsMounted();
  const headingId = `usage-${series.metric}-title`;
  const csv = `/o/${orgSlug}/usage/export.csv?metric=${encodeURIComponent(series.metric)}&range=${range}`;
  return (
    <Card role="region" aria-labelledby={headingId} className="min-w-0" data-testid={`usage-chart-${series.metric}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-tremor-default font-medium text-tremor-content-strong">
            {title}
          </h2>
          <p className="text-tremor-metric font-semibold text-tremor-content-strong" data-testid="usage-headline">
            {headline}
          </p>
        </div>
        <a
          href={csv}
          download
          className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          Download CSV<span className="sr-only"> of {title.toLowerCase()}</span>
        </a>
      </div>
      {isEmpty ? (
        <p role="status" className="mt-4 rounded-md bg-gray-50 px-3 py-10 text-center text-sm text-gray-600">
          No usage yet
        </p>
      ) : (
        <div className="mt-4" role="img" aria-label={`${title}: ${headline}`}>
          {isMounted ? (
            <Suspense fallback={chartLoading}>
              <UsageChart data={chartData(series, seriesLabel)} kind={kind} valueFormatter={valueFormatter} />
            </Suspense>
          ) : (
            chartLoading
          )}
        </div>
      )}
      <Text className="mt-2 text-xs">{series.granularity === 'hour' ? 'Per hour, UTC.' : 'Per day, UTC.'}</Text>
    </Card>
  );
}
