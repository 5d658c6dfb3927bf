/**
 * The usage metering procedures: wiring only. Listing metrics needs usage:read; creating a custom
 * metric org:update; reporting events (the REST API's POST /usage-events) usage:report, a scope an
 * API key carries. The usage page's own queries live beside these in the same router.
 */
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { USAGE_AUDIT } from './audit';
import { ingestUsageEvents } from './ingest';
import { createUsageMetric, listUsageMetrics } from './metrics';
import type { UsageEventInput } from './eventRules';
import {
  ZCreateUsageMetricInput,
  ZReportUsageInput,
  ZReportUsageResult,
  ZUsageMetric,
  ZUsageMetricList,
} from './schemas';

const metricsRouter = router({
  list: orgProcedure
    .meta({ permission: 'usage:read' })
    .output(ZUsageMetricList)
    .query(({ ctx }) => listUsageMetrics(ctx.db, ctx.org.id)),

  create: orgProcedure
    .meta({ permission: 'org:update', audit: USAGE_AUDIT.createMetric })
    .input(ZCreateUsageMetricInput)
    .output(ZUsageMetric)
    .mutation(({ ctx, input }) => createUsageMetric(ctx.db, ctx.org.id, input)),
});

const eventsRouter = router({
  report: orgProcedure
    .meta({ permission: 'usage:report', audit: USAGE_AUDIT.report })
    .input(ZReportUsageInput)
    .output(ZReportUsageResult)
    .mutation(({ ctx, input }) =>
      ingestUsageEvents(ctx.db, ctx.org.id, input.events as UsageEventInput[], { source: 'api' }),
    ),
});

export const usageRouter = router({ metrics: metricsRouter, events: eventsRouter });
