/**
 * The usage roll-up of one org (db/schema/usageEvents.ts describes the design): under the org's
 * roll-up lock, take the dirty (metric, hour) marks, recompute those hours from the raw events,
 * then the days they fall in, and tell live charts (outbox topic 'usage', 'usage.updated'). It
 * recomputes, never adds, so running it twice writes the same rows, and a late event only marks
 * its old hour again.
 *
 * Taking the marks and recomputing are two statements on purpose: the take may wait for an ingest
 * holding a mark (./ingest.ts), and only a statement started after that wait sees its events.
 *
 * Aggregations, per bucket: `sum` adds values per dimension, and the total (dimension '') adds
 * everything; `max` keeps each dimension's largest value and the total is the sum of those (a
 * gauge per dimension, e.g. storage per kind: the org's storage is their sum); `distinct` counts
 * the distinct dimensions (active users), total only. Days: sum of the hours for `sum`, the
 * largest hour for `max`, and for `distinct` a count over the raw events of the day (an active
 * user of two hours is one active user of the day). Buckets whose events are gone lose their rows.
 */
import { sql } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisoryLocks';
import { rollupUsage } from '../jobs/definitions/rollupUsage';
import { recordJob } from '../jobs/recordJob';
import { recordEvent } from '../realtime/outbox';
import { BUILT_IN_METRICS } from '../shared/usageMetrics';
import { executePrepared } from '../tenancy/preparedStatement';
import { raiseQuotaAlerts } from './quotaAlerts';
import type { Tx } from '../tenancy/withTenant';

/** Marks taken by one run: a run stays a short transaction; what is left gets its own job. */
export const ROLLUP_MARKS_PER_RUN = 2_000;

export type RollupResult = {
  /** The metrics recomputed, sorted. */
  metrics: string[];
  /** The first and last hour recomputed (ISO), null when there was nothing to do. */
  fromHour: string | null;
  toHour: string | null;
  hours: number;
  /** More marks were waiting than one run takes: another roll-up was recorded. */
  hasMore: boolean;
};

type Mark = { metric: string; hour: Date };

/** Every metric's aggregation: the built-ins and the org's own. */
const builtInAggregations = sql.raw(
  Object.entries(BUILT_IN_METRICS)
    .map(([key, metric]) => `('${key}', '${metric.aggregation}')`)
    .join(', '),
);
const aggregationsCte = (orgId: string) => sql`aggs as (
    select key as metric, aggregation from usage_metrics where org_id = ${orgId}::uuid
    union all
    select * from (values ${builtInAggregations}) as b(metric, aggregation))`;

const marksCte = (marks: Mark[]) => sql`marks as (
    select m.metric, m.hour, coalesce(a.aggregation, 'sum') as aggregation
      from unnest(${sql.param(marks.map((m) => m.metric))}::text[],
                  ${sql.param(marks.map((m) => m.hour.toISOString()))}::timestamptz[]) as m(metric, hour)
      left join aggs a on a.metric = m.metric)`;

async function takeMarks(tx: Tx, orgId: string): Promise<Mark[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.usageRollup}::int, hashtext(${orgId}::text))`);
  // Locked in (metric, hour) order, the order every ingest upserts its marks in: no deadlock.
  const result = await tx.execute<{ metric: string; hour: string | Date }>(sql`
    delete from usage_dirty_hours d
     using (select metric, hour from usage_dirty_hours
             where org_id = ${orgId}::uuid
             order by metric, hour
             limit ${ROLLUP_MARKS_PER_RUN}
               for update) s
     where d.org_id = ${orgId}::uuid and d.metric = s.metric and d.hour = s.hour
    returning d.metric, d.hour`);
  return result.rows.map((row) => ({ metric: row.metric, hour: new Date(row.hour) }));
}

/** Recomputes the marked hours: upserts what changed, deletes rows whose events are gone. */
async function recomputeHours(tx: Tx, orgId: string, marks: Mark[]): Promise<void> {
  // Prepared once per connection: planning this statement costs about as much as running it.
  await executePrepared(
    tx,
    sql`
    with ${aggregationsCte(orgId)}, ${marksCte(marks)},
    per_dimension as (
      select m.metric, m.hour, m.aggregation, e.dimension,
             case when m.aggregation = 'max' then max(e.value) else sum(e.value) end as value
        from marks m
        join usage_events e on e.org_id = ${orgId}::uuid and e.metric = m.metric
                           and e.occurred_at >= m.hour and e.occurred_at < m.hour + interval '1 hour'
       group by m.metric, m.hour, m.aggregation, e.dimension
    ),
    computed as (
      select metric, hour, dimension, value from per_dimension where aggregation <> 'distinct' and dimension <> ''
      union all
      select metric, hour, '' as dimension,
             case when aggregation = 'distinct' then count(*) filter (where dimension <> '') else sum(value) end
        from per_dimension
       group by metric, hour, aggregation
    ),
    upserted as (
      insert into usage_rollups (org_id, metric, granularity, dimension, bucket_start, value)
      select ${orgId}::uuid, metric, 'hour', dimension, hour, value from computed order by metric, dimension, hour
      on conflict (org_id, metric, granularity, dimension, bucket_start)
      do update set value = excluded.value, updated_at = now() where usage_rollups.value <> excluded.value
    )
    delete from usage_rollups r using marks m
     where r.org_id = ${orgId}::uuid and r.granularity = 'hour' and r.metric = m.metric and r.bucket_start = m.hour
       and not exists (select 1 from computed c
                        where c.metric = r.metric and c.hour = r.bucket_start and c.dimension = r.dimension)`,
    { keep: true },
  );
}

/** Recomputes the days the marked hours fall in, from the hours just written (raw events for distinct). */
async function recomputeDays(tx: Tx, orgId: string, marks: Mark[]): Promise<void> {
  await executePrepared(
    tx,
    sql`
    with ${aggregationsCte(orgId)}, ${marksCte(marks)},
    days as (select distinct metric, aggregation, date_trunc('day', hour, 'UTC') as day from marks),
    computed as (
      select d.metric, d.day, r.dimension,
             case when d.aggregation = 'max' then max(r.value) else sum(r.value) end as value
        from days d
        join usage_rollups r on r.org_id = ${orgId}::uuid and r.metric = d.metric and r.granularity = 'hour'
                            and r.bucket_start >= d.day and r.bucket_start < d.day + interval '24 hours'
       where d.aggregation <> 'distinct'
       group by d.metric, d.day, d.aggregation, r.dimension
      union all
      select d.metric, d.day, '' as dimension, count(distinct e.dimension) as value
        from days d
        join usage_events e on e.org_id = ${orgId}::uuid and e.metric = d.metric
                           and e.occurred_at >= d.day and e.occurred_at < d.day + interval '24 hours'
       where d.aggregation = 'distinct' and e.dimension <> ''
       group by d.metric, d.day
    ),
    upserted as (
      insert into usage_rollups (org_id, metric, granularity, dimension, bucket_start, value)
      select ${orgId}::uuid, metric, 'day', dimension, day, value from computed order by metric, dimension, day
      on conflict (org_id, metric, granularity, dimension, bucket_start)
      do update set value = excluded.value, updated_at = now() where usage_rollups.value <> excluded.value
    )
    delete from usage_rollups r using days d
     where r.org_id = ${orgId}::uuid and r.granularity = 'day' and r.metric = d.metric and r.bucket_start = d.day
       and not exists (select 1 from computed c
                        where c.metric = r.metric and c.day = r.bucket_start and c.dimension = r.dimension)`,
    { keep: true },
  );
}

/**
 * One roll-up run in the caller's tenant transaction (the job's, or the seed's). Records the
 * 'usage.updated' outbox event when anything was recomputed, raises the month's API-call quota
 * alerts (./quotaAlerts.ts) when API calls were, and records another roll-up job when marks are left.
 */
export async function rollupOrgUsage(tx: Tx, orgId: string): Promise<RollupResult> {
  const marks = await takeMarks(tx, orgId);
  if (marks.length === 0) return { metrics: [], fromHour: null, toHour: null, hours: 0, hasMore: false };
  await recomputeHours(tx, orgId, marks);
  await recomputeDays(tx, orgId, marks);
  const metrics = [...new Set(marks.map((m) => m.metric))].sort();
  const times = marks.map((m) => m.hour.getTime());
  const fromHour = new Date(Math.min(...times)).toISOString();
  const toHour = new Date(Math.max(...times)).toISOString();
  await recordEvent(tx, {
    orgId,
    topic: 'usage',
    type: 'usage.updated',
    actorUserId: null,
    data: { metrics, fromHour, toHour },
  });
  // The month's API calls moved: 80 % and 100 % of the plan's allowance alert once a month each.
  if (metrics.includes('api_call')) await raiseQuotaAlerts(tx, orgId);
  const hasMore = marks.length === ROLLUP_MARKS_PER_RUN;
  if (hasMore) await recordJob(tx, rollupUsage, { orgId });
  return { metrics, fromHour, toHour, hours: marks.length, hasMore };
}
