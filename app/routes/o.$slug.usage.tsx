/**
 * The usage page: this month's quota bars (API calls and seats against the plan, with an upgrade
 * link to billing), then API calls stacked per key, active users and storage over the period in
 * the URL (?range=24h|7d|30d|90d|12m), each downloadable as CSV. Rendered by the loader through
 * usage.dashboard (usage:read) and refetched live when the roll-ups of a shown metric change.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useNavigation, useParams } from '@remix-run/react';
import { Text } from '~/components/ui/tremor';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { PeriodPicker } from '~/components/usage/PeriodPicker';
import { QuotaBar } from '~/components/usage/QuotaBar';
import { UsageChartCard } from '~/components/usage/UsageChartCard';
import { UsageLive } from '~/components/usage/UsageLive';
import { seriesPeak, seriesTotal } from '~/components/usage/usageChartData';
import { formattedBytes, groupedCount } from '../../server/shared/usageNumbers';
import {
  DASHBOARD_METRICS,
  DEFAULT_USAGE_RANGE,
  USAGE_RANGE_SPECS,
  isUsageRange,
} from '../../server/shared/usageRanges';

export const meta: MetaFunction = () => [{ title: 'Usage · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const asked = new URL(request.url).searchParams.get('range');
  const range = isUsageRange(asked) ? asked : DEFAULT_USAGE_RANGE;
  const dashboard = await caller.usage
    .dashboard({ orgSlug: params.slug ?? '', range })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ range, dashboard }, { headers });
}

const count = (value: number) => groupedCount(value);

export default function UsagePage() {
  const slug = useParams().slug ?? '';
  const { range, dashboard } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const isUpdating = navigation.state === 'loading' && navigation.location.pathname === `/o/${slug}/usage`;
  const { summary, series } = dashboard;
  const upgradeHref = summary.upgradeTo ? `/o/${slug}/billing` : null;
  const period = USAGE_RANGE_SPECS[range].label.toLowerCase();
  const apiCalls = seriesTotal(series.api_call);
  const activePeak = seriesPeak(series.active_user);
  const storagePeak = seriesPeak(series.storage_bytes);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Usage</h1>
          <Text className="mt-1">
            This organization’s usage on the {summary.plan.name} plan, in UTC. {summary.month} so far.
          </Text>
        </div>
        <UsageLive orgSlug={slug} metrics={DASHBOARD_METRICS} />
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <QuotaBar
          label="API calls this month"
          noun="API calls"
          used={summary.apiCalls.used}
          limit={summary.apiCalls.limit}
          upgradeHref={upgradeHref}
          upgradeName={summary.upgradeTo?.name ?? null}
          testId="quota-api-calls"
        />
        <QuotaBar
          label="Seats"
          noun="seats"
          used={summary.seats.used}
          limit={summary.seats.limit}
          upgradeHref={upgradeHref}
          upgradeName={summary.upgradeTo?.name ?? null}
          testId="quota-seats"
        />
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <PeriodPicker range={range} />
        <p role="status" aria-live="polite" className="text-sm text-gray-500">
          {isUpdating ? 'Updating…' : ''}
        </p>
      </div>

      <UsageChartCard
        orgSlug={slug}
        title="API calls"
        headline={`${count(apiCalls)} in the ${period}`}
        series={series.api_call}
        range={range}
        kind="bar"
        seriesLabel="API calls"
        valueFormatter={count}
        isEmpty={apiCalls === 0}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <UsageChartCard
          orgSlug={slug}
          title="Active users"
          headline={`${count(summary.activeUsers.today)} today · peak ${count(activePeak)}`}
          series={series.active_user}
          range={range}
          kind="area"
          seriesLabel="Active users"
          valueFormatter={count}
          isEmpty={activePeak === 0}
        />
        <UsageChartCard
          orgSlug={slug}
          title="Storage"
          headline={formattedBytes(summary.storageBytes)}
          series={series.storage_bytes}
          range={range}
          kind="area"
          seriesLabel="Storage"
          valueFormatter={formattedBytes}
          isEmpty={storagePeak === 0}
        />
      </div>
    </div>
  );
}
