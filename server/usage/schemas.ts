/**
 * The usage procedures' input and output schemas: metering (custom metrics, the REST ingest) and
 * the analytics (series, summary, the usage page, the live stream).
 */
import { z } from 'zod';
import { USAGE_AGGREGATIONS } from '../../db/schema/usageMetrics';
import { PLAN_KEYS } from '../shared/plans';
import { zText } from '../shared/safeText';
import { BUILT_IN_METRICS, CUSTOM_METRIC_KEY } from '../shared/usageMetrics';
import { ZUsageRange } from '../shared/usageRanges';

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

export const ZUsageMetricKey = zText()
  .max(80)
  .refine((value) => Object.hasOwn(BUILT_IN_METRICS, value) || CUSTOM_METRIC_KEY.test(value), 'Not a usage metric');

export const ZUsageSeriesInput = z.object({ metric: ZUsageMetricKey, range: ZUsageRange });
export const ZUsageDashboardInput = z.object({ range: ZUsageRange });

export const ZUsageSeries = z.object({
  metric: z.string(),
  range: ZUsageRange,
  granularity: z.enum(['hour', 'day']),
  from: z.string(),
  to: z.string(),
  buckets: z.array(z.object({ start: z.string(), total: z.number(), byDimension: z.record(z.number()) })),
  dimensions: z.array(z.object({ key: z.string(), label: z.string() })),
});
export type UsageSeriesOutput = z.infer<typeof ZUsageSeries>;

const ZQuota = z.object({ used: z.number().int().min(0), limit: z.number().int().nullable() });
const ZPlanRef = z.object({ key: z.enum(PLAN_KEYS), name: z.string() });

export const ZUsageSummary = z.object({
  plan: ZPlanRef,
  upgradeTo: ZPlanRef.nullable(),
  month: z.string(),
  apiCalls: ZQuota,
  seats: ZQuota,
  activeUsers: z.object({ today: z.number().int(), peakThisMonth: z.number().int() }),
  storageBytes: z.number().int(),
});
export type UsageSummaryOutput = z.infer<typeof ZUsageSummary>;

export const ZUsageDashboard = z.object({
  summary: ZUsageSummary,
  series: z.object({ api_call: ZUsageSeries, active_user: ZUsageSeries, storage_bytes: ZUsageSeries }),
});
export type UsageDashboardOutput = z.infer<typeof ZUsageDashboard>;

export const ZLiveUsageInput = z.object({
  lastEventId: zText()
    .regex(/^\d{1,15}$/, 'Not an event id')
    .nullish(),
});
