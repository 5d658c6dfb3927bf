/** The usage procedures' input and output schemas. */
import { z } from 'zod';
import { PLAN_KEYS } from '../shared/plans';
import { zText } from '../shared/safeText';
import { CUSTOM_METRIC_KEY, BUILT_IN_METRICS } from '../shared/usageMetrics';
import { ZUsageRange } from '../shared/usageRanges';

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

export const ZUsageMetricInfo = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  aggregation: z.enum(['sum', 'max', 'distinct']),
  isCustom: z.boolean(),
});

export const ZLiveUsageInput = z.object({
  lastEventId: zText()
    .regex(/^\d{1,15}$/, 'Not an event id')
    .nullish(),
});
