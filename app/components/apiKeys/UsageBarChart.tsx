/**
 * The usage chart itself: one stacked bar per bucket, a colour per outcome. Loaded lazily by
 * ./KeyUsage.tsx (recharts is large), so only people who open a key's usage download it.
 */
import { BarChart } from '~/components/ui/tremorCharts';
import { USAGE_SERIES, type UsageChartRow } from './usageChart';

export default function UsageBarChart({ rows }: { rows: UsageChartRow[] }) {
  return (
    <BarChart
      className="h-56"
      data={rows}
      index="label"
      categories={USAGE_SERIES.map((series) => series.label)}
      colors={USAGE_SERIES.map((series) => series.color)}
      stack
      allowDecimals={false}
      yAxisWidth={40}
      showAnimation={false}
    />
  );
}
