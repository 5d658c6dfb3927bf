/**
 * One usage series as CSV for app/routes/o.$slug.usage.export[.]csv.tsx, read through usage.series
 * (usage:read) — the same answer the chart shows: a row per bucket (UTC start, total) and, for a
 * broken-down metric, a column per shown key plus "Other keys". Server-only.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { throwOrgResourceError } from '~/components/shell/orgRouteErrors.server';
import { csvLine } from '../../../server/members/csv';
import { isUsageRange } from '../../../server/shared/usageRanges';
import type { UsageSeriesOutput } from '../../../server/usage/schemas';
import { uniqueLabels } from './usageChartData';

export function usageCsv(series: UsageSeriesOutput): string {
  const labels = uniqueLabels(series.dimensions.map((dimension) => dimension.label));
  const lines = [csvLine(['bucket_start_utc', 'total', ...labels])];
  for (const bucket of series.buckets) {
    lines.push(
      csvLine([
        bucket.start,
        String(bucket.total),
        ...series.dimensions.map((dimension) => String(bucket.byDimension[dimension.key] ?? 0)),
      ]),
    );
  }
  return lines.join('');
}

export async function usageCsvResponse({ params, request, context }: LoaderFunctionArgs): Promise<Response> {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const search = new URL(request.url).searchParams;
  const range = search.get('range');
  const metric = search.get('metric') ?? '';
  if (!isUsageRange(range)) {
    return new Response('range must be one of 24h, 7d, 30d, 90d, 12m', { status: 400, headers });
  }
  const series = await caller.usage.series({ orgSlug, metric, range }).catch((error: unknown) => {
    // An unknown metric is the caller's mistake, said in words, not a server error.
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') {
      throw new Response(error.message, { status: 400, headers });
    }
    return throwOrgResourceError(error, request, headers);
  });
  headers.set('Content-Type', 'text/csv; charset=utf-8');
  headers.set('Content-Disposition', `attachment; filename="${orgSlug}-usage-${metric}-${range}.csv"`);
  headers.set('Cache-Control', 'no-store');
  return new Response(`\uFEFF${usageCsv(series)}`, { status: 200, headers });
}
