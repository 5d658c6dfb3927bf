/**
 * The usage procedures: wiring only.
 * - Metering: listing metrics needs usage:read; creating a custom metric org:update; reporting
 *   events (the REST API's POST /usage-events) usage:report, a scope an API key carries.
 * - Analytics (usage:read): a metric's series over a period, the month-to-date summary against the
 *   plan's limits, the usage page's data in one call, and the live stream of roll-up changes.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { router } from '../trpc/init';
import { orgProcedure, sessionMemberProcedure } from '../trpc/procedures';
import { USAGE_AUDIT } from './audit';
import type { UsageEventInput } from './eventRules';
import { ingestUsageEvents } from './ingest';
import { liveUsage } from './live';
import { canStillReadUsage } from './liveReader';
import { createUsageMetric, listUsageMetrics } from './metrics';
import { dashboardSeries, isKnownMetric, monthToDateTotals, usageSeries } from './queries';
import {
  ZCreateUsageMetricInput,
  ZLiveUsageInput,
  ZReportUsageInput,
  ZReportUsageResult,
  ZUsageDashboard,
  ZUsageDashboardInput,
  ZUsageMetric,
  ZUsageMetricList,
  ZUsageSeries,
  ZUsageSeriesInput,
  ZUsageSummary,
} from './schemas';
import { usageSummary } from './summary';

const readUsage = orgProcedure.meta({ permission: 'usage:read' });

const metricsRouter = router({
  list: readUsage.output(ZUsageMetricList).query(({ ctx }) => listUsageMetrics(ctx.db, ctx.org.id)),

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

export const usageRouter = router({
  metrics: metricsRouter,
  events: eventsRouter,

  series: readUsage
    .input(ZUsageSeriesInput)
    .output(ZUsageSeries)
    .query(async ({ ctx, input }) => {
      if (!(await isKnownMetric(ctx.db, ctx.org.id, input.metric))) {
        throw new AppError('INVALID_INPUT', `No usage metric ${input.metric}`);
      }
      return usageSeries(ctx.db, ctx.org.id, input.metric, input.range);
    }),

  summary: readUsage.output(ZUsageSummary).query(({ ctx }) => usageSummary(ctx.db, ctx.org.id)),

  /** The usage page: the summary and its three charts in one transaction. */
  dashboard: readUsage
    .input(ZUsageDashboardInput)
    .output(ZUsageDashboard)
    .query(async ({ ctx, input }) => {
      const now = new Date();
      const summary = await usageSummary(ctx.db, ctx.org.id, now);
      const series = await dashboardSeries(ctx.db, ctx.org.id, input.range, now);
      return { summary, series };
    }),

  monthToDate: readUsage
    .output(z.array(z.object({ metric: z.string(), aggregation: z.string(), value: z.number() })))
    .query(({ ctx }) => monthToDateTotals(ctx.db, ctx.org.id)),

  live: sessionMemberProcedure
    .meta({ permission: 'usage:read' })
    .input(ZLiveUsageInput)
    .subscription(({ ctx, input, signal }) =>
      liveUsage({
        orgId: ctx.org.id,
        isResuming: Boolean(input.lastEventId),
        membershipId: ctx.member.membershipId,
        canStillRead: () =>
          canStillReadUsage({
            sessionId: ctx.session.sessionId,
            email: ctx.user.email,
            orgId: ctx.org.id,
            orgSlug: ctx.org.slug,
            ip: ctx.req.ip,
            clock: ctx.clock,
          }),
        signal,
      }),
    ),
});
