/**
 * One usage chart: stacked bars (API calls per key) or an area (active users, storage). Loaded
 * lazily by ./UsageChartCard.tsx, so recharts is fetched only when a chart is shown.
 */
import { AreaChart, BarChart } from '~/components/ui/tremorCharts';
import type { ChartData } from './usageChartData';

const COLORS = ['blue', 'emerald', 'violet', 'amber', 'cyan', 'gray'];

export default function UsageChart({
  data,
  kind,
  valueFormatter,
}: {
  data: ChartData;
  kind: 'bar' | 'area';
  valueFormatter: (value: number) => string;
}) {
  const common = {
    className: 'h-60',
    data: data.rows,
    index: 'label',
    categories: data.categories,
    colors: COLORS.slice(0, data.categories.length),
    valueFormatter,
    yAxisWidth: 64,
    showAnimation: false,
    allowDecimals: false,
  };
  return kind === 'bar' ? <BarChart {...common} stack /> : <AreaChart {...common} />;
}
