/**
 * Tremor's charts, apart from ./tremor.ts: a chart brings recharts (about 470 kB), and a chart
 * exported from the shared module pulled it into every page. Import this only from a component
 * loaded with React.lazy, so the chart's code is fetched when a chart is first shown.
 */
export { default as BarChart } from '@tremor/react/dist/components/chart-elements/BarChart/BarChart';
export { default as AreaChart } from '@tremor/react/dist/components/chart-elements/AreaChart/AreaChart';
