/**
 * One usage chart: stacked bars (API calls per key) or an area (active users, storage), without
 * a legend (./UsageChartCard.tsx draws an accessible one). Loaded
 * lazily by ./UsageChartCard.tsx, so recharts is fetched only when a chart is shown.
 */
import { AreaChart, BarChart } from '~/components/ui/tremorCharts';
import { SERIES_COLORS, type ChartData } from './usageChartData';

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
    colors: SERIES_COLORS.slice(0, data.categories.length).map((color) => color.tremor),
    // Tremor's legend puts a div between <ol> and its items (an axe 'list' failure): ours is in the card.
    showLegend: false,
    valueFormatter,
    yAxisWidth: 64,
    showAnimation: false,
    allowDecimals: false,
  };
  return kind === 'bar' ? <BarChart {...common} stack /> : <AreaChart {...common} />;
}
