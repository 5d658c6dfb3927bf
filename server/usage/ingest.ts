/**
 * The one way usage enters Atrium: `ingestUsageEvents` checks each event (./eventRules.ts), keeps
 * the good ones when some are refused, and in the caller's tenant transaction writes them with ONE
 * statement — the events from unnest(...) arrays, duplicates of an idempotency key skipped, and
 * the (metric, hour) dirty marks of what was actually written upserted in the same statement —
 * then records one roll-up job (./rollup.ts) through the outbox. Nothing is aggregated here: the
 * roll-up recomputes the marked hours from the raw events, so a late event only marks its hour.
 *
 * The mark is an upsert that locks an existing mark row (`do update`), never `do nothing`: a
 * roll-up taking that mark then waits for this transaction, and recomputes after its events are
 * committed — with `do nothing` it could take the mark and miss them.
 */
import { sql } from 'drizzle-orm';
import type { USAGE_EVENT_SOURCES } from '../../db/schema/usageEvents';
import { rollupUsage } from '../jobs/definitions/rollupUsage';
import { recordJob } from '../jobs/recordJob';
import { isBuiltInMetric } from '../shared/usageMetrics';
import type { Tx } from '../tenancy/withTenant';
import { checkUsageEvent, type AcceptedEvent, type UsageEventInput } from './eventRules';

export type UsageEventSource = (typeof USAGE_EVENT_SOURCES)[number];

export type RefusedEvent = { index: number; reason: string };

export type IngestResult = {
  /** Events written now. */
  accepted: number;
  /** Events whose idempotency key was already written: accepted, not counted again. */
  duplicates: number;
  refused: RefusedEvent[];
};

export type IngestOptions = {
  source: UsageEventSource;
  /** Now, for the time window (tests and the seed). */
  now?: Date;
  /**
   * Accept events back to this time instead of MAX_AGE_DAYS: the demo seed's year of history.
   * Internal only: no API input reaches it.
   */
  backfillFrom?: Date;
  /** Record no roll-up job (the caller rolls up itself: the demo seed). */
  skipRollupJob?: boolean;
};

const INSERT_EVENTS = `
  with ins as (
    insert into usage_events (org_id, metric, dimension, value, occurred_at, source, idempotency_key)
    select $1::uuid, e.metric, e.dimension, e.value, e.occurred_at, $2::text, e.idempotency_key
      from unnest($3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[])
           as e(metric, dimension, value, occurred_at, idempotency_key)
    on conflict (org_id, idempotency_key) where idempotency_key is not null do nothing
    returning metric, occurred_at
  ), marked as (
    insert into usage_dirty_hours (org_id, metric, hour)
    select distinct $1::uuid, metric, date_trunc('hour', occurred_at, 'UTC') from ins order by 2, 3
    on conflict (org_id, metric, hour) do update set marked_at = usage_dirty_hours.marked_at
  )
  select count(*)::int as inserted from ins`;

/** The org's custom metrics among `keys` (one query, only when a batch names any). */
async function knownCustomMetrics(tx: Tx, orgId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await tx.execute<{ key: string }>(
    sql`select key from usage_metrics where org_id = ${orgId}::uuid and key = any(${sql.param(keys)}::text[])`,
  );
  return new Set(result.rows.map((row) => row.key));
}

export async function ingestUsageEvents(
  tx: Tx,
  orgId: string,
  events: readonly UsageEventInput[],
  options: IngestOptions,
): Promise<IngestResult> {
  const now = (options.now ?? new Date()).getTime();
  const customKeys = new Set<string>();
  for (const event of events) {
    const metric = (event as { metric?: unknown } | null)?.metric;
    if (typeof metric === 'string' && metric.startsWith('custom.') && metric.length <= 100) customKeys.add(metric);
  }
  const custom = await knownCustomMetrics(tx, orgId, [...customKeys]);
  const isKnownMetric = (metric: string) => isBuiltInMetric(metric) || custom.has(metric);
  const oldestAccepted = options.backfillFrom?.getTime();

  const refused: RefusedEvent[] = [];
  const accepted: AcceptedEvent[] = [];
  events.forEach((input, index) => {
    const check = checkUsageEvent(input, { now, isKnownMetric, oldestAccepted });
    if (check.ok) accepted.push(check.event);
    else refused.push({ index, reason: check.reason });
  });
  if (accepted.length === 0) return { accepted: 0, duplicates: 0, refused };

  const { rows } = await tx.$client.query<{ inserted: number }>({
    name: 'atrium_usage_ingest',
    text: INSERT_EVENTS,
    values: [
      orgId,
      options.source,
      accepted.map((e) => e.metric),
      accepted.map((e) => e.dimension),
      accepted.map((e) => e.value),
      accepted.map((e) => e.occurredAt.toISOString()),
      accepted.map((e) => e.idempotencyKey),
    ],
  });
  const inserted = rows[0]?.inserted ?? 0;
  if (inserted > 0 && !options.skipRollupJob) await recordJob(tx, rollupUsage, { orgId });
  return { accepted: inserted, duplicates: accepted.length - inserted, refused };
}
