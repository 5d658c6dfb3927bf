/** Input and output schemas of the usage metering procedures (./router.ts) and the REST ingest. */
import { z } from 'zod';
import { USAGE_AGGREGATIONS } from '../../db/schema/usageMetrics';
import { zText } from '../shared/safeText';
import { CUSTOM_METRIC_KEY } from '../shared/usageMetrics';

/** Events one API request may report. */
export const MAX_EVENTS_PER_REQUEST = 1_000;

export const ZUsageMetric = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  aggregation: z.enum(USAGE_AGGREGATIONS),
  isBuiltIn: z.boolean(),
});
export type UsageMetricView = z.infer<typeof ZUsageMetric>;
export const ZUsageMetricList = z.object({ items: z.array(ZUsageMetric) });

export const ZCreateUsageMetricInput = z.object({
  key: zText()
    .trim()
    .regex(CUSTOM_METRIC_KEY, 'Use custom. followed by a lowercase name: letters, digits and _ (e.g. custom.exports)'),
  name: zText().trim().min(1, 'Enter a name').max(80, 'Use at most 80 characters'),
  unit: zText().trim().max(30, 'Use at most 30 characters').default(''),
  aggregation: z.enum(USAGE_AGGREGATIONS).default('sum'),
});
export type CreateUsageMetricInput = z.infer<typeof ZCreateUsageMetricInput>;

/**
 * A batch of events as the API receives it: the batch's shape is checked here (a request that is
 * not a batch is a 400); each event is checked by the ingest (./eventRules.ts) and, when bad,
 * refused alone with its index and reason — so the elements are left unchecked here.
 */
export const ZReportUsageInput = z.object({
  events: z
    .array(z.unknown())
    .min(1, 'Send at least one event')
    .max(MAX_EVENTS_PER_REQUEST, `Send at most ${MAX_EVENTS_PER_REQUEST} events per request`),
});

export const ZReportUsageResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  refused: z.array(z.object({ index: z.number().int(), reason: z.string() })),
});
