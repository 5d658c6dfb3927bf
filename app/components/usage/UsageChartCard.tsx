/**
 * A chart card of the usage page: title, the figure that sums it up, the chart (lazy), a CSV
 * download of exactly the shown series, and "No usage yet" when the period has none.
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { Card, Text } from '~/components/ui/tremor';
import type { UsageRange } from '../../../server/shared/usageRanges';
import type { UsageSeriesOutput } from '../../../server/usage/schemas';
import { SERIES_COLORS, chartData } from './usageChartData';

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
  const data = chartData(series, seriesLabel);
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
        // A figure, not role="img": the chart's legend is a list, which an image may not contain.
        <figure className="mt-4">
          <figcaption className="sr-only">{`${title}: ${headline}`}</figcaption>
          {isMounted ? (
            <Suspense fallback={chartLoading}>
              <UsageChart data={data} kind={kind} valueFormatter={valueFormatter} />
            </Suspense>
          ) : (
            chartLoading
          )}
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-700" aria-label="Series">
            {data.categories.map((category, i) => (
              <li key={category} className="flex items-center gap-1.5">
                <span
                  aria-hidden="true"
                  className={`inline-block h-2.5 w-2.5 rounded-full ${SERIES_COLORS[i % SERIES_COLORS.length]!.swatch}`}
                />
                {category}
              </li>
            ))}
          </ul>
        </figure>
      )}
      <Text className="mt-2 text-xs">{series.granularity === 'hour' ? 'Per hour, UTC.' : 'Per day, UTC.'}</Text>
    </Card>
  );
}
