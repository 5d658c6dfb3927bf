/**
 * Usage analytics (usage:read): a metric's series over a period, the month-to-date summary against
 * the plan's limits, the usage page's data in one call, the org's metrics, and the live stream
 * of roll-up changes. Reads only; the write side (ingest, roll-ups) lives beside it.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { router } from '../trpc/init';
import { orgProcedure, sessionMemberProcedure } from '../trpc/procedures';
import { liveUsage } from './live';
import { canStillReadUsage } from './liveReader';
import { dashboardSeries, isKnownMetric, monthToDateTotals, usageMetricsOf, usageSeries } from './queries';
import {
  ZLiveUsageInput,
  ZUsageDashboard,
  ZUsageDashboardInput,
  ZUsageMetricInfo,
  ZUsageSeries,
  ZUsageSeriesInput,
  ZUsageSummary,
} from './schemas';
import { usageSummary } from './summary';

const readUsage = orgProcedure.meta({ permission: 'usage:read' });

export const usageRouter = router({
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

  metrics: readUsage.output(z.array(ZUsageMetricInfo)).query(({ ctx }) => usageMetricsOf(ctx.db, ctx.org.id)),

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
