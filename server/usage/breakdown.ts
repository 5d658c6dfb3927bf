/**
 * Turns roll-up rows of one metric into a chart series: every bucket of the range (zero-filled),
 * its total (the rows with dimension ''), and, when asked, the top dimensions over the range with
 * the rest summed into "other". Pure: the rows come from ./queries.ts.
 */
import { OTHER_DIMENSION, TOP_DIMENSIONS } from '../shared/usageRanges';
import type { RangeBuckets } from './buckets';

export type RollupRow = { metric: string; dimension: string; bucketStart: Date; value: number };

export type SeriesBucket = { start: string; total: number; byDimension: Record<string, number> };

export type SeriesShape = { buckets: SeriesBucket[]; dimensions: string[] };

export function shapeSeries(rows: readonly RollupRow[], range: RangeBuckets, withBreakdown: boolean): SeriesShape {
  const index = new Map(range.starts.map((start, i) => [start.getTime(), i]));
  const totals = range.starts.map(() => 0);
  const perDimension = new Map<string, number[]>();
  for (const row of rows) {
    const i = index.get(row.bucketStart.getTime());
    if (i === undefined) continue;
    if (row.dimension === '') {
      totals[i] = row.value;
      continue;
    }
    if (!withBreakdown) continue;
    let values = perDimension.get(row.dimension);
    if (!values) perDimension.set(row.dimension, (values = range.starts.map(() => 0)));
    values[i] = row.value;
  }
  const ranked = [...perDimension.entries()]
    .map(([dimension, values]) => ({ dimension, values, sum: values.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.sum - a.sum || (a.dimension < b.dimension ? -1 : 1));
  const top = ranked.slice(0, TOP_DIMENSIONS);
  const rest = ranked.slice(TOP_DIMENSIONS);
  const dimensions = top.map((entry) => entry.dimension);
  if (rest.length > 0) dimensions.push(OTHER_DIMENSION);
  const buckets = range.starts.map((start, i) => {
    const byDimension: Record<string, number> = {};
    for (const entry of top) byDimension[entry.dimension] = entry.values[i]!;
    if (rest.length > 0) byDimension[OTHER_DIMENSION] = rest.reduce((sum, entry) => sum + entry.values[i]!, 0);
    return { start: start.toISOString(), total: totals[i]!, byDimension };
  });
  return { buckets, dimensions };
}
