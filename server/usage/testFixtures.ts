/**
 * Usage test support: ingest and roll up through the real services in a tenant transaction, and
 * read the roll-ups and marks as the superuser sees them. Only imported by tests.
 */
import { adminQuery } from '../../test/db';
import { withTenant } from '../tenancy/withTenant';
import type { UsageEventInput } from './eventRules';
import { ingestUsageEvents, type IngestOptions, type IngestResult } from './ingest';
import { rollupOrgUsage, type RollupResult } from './rollup';

export const HOUR_MS = 3_600_000;
export const TEST_SYSTEM = { type: 'system', name: 'usage-test' } as const;

/** The start of the UTC hour `hoursAgo` hours before now. */
export function hourAgo(hoursAgo: number): Date {
  return new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hoursAgo * HOUR_MS);
}

export function ingest(
  orgId: string,
  events: UsageEventInput[],
  options: IngestOptions = { source: 'product' },
): Promise<IngestResult> {
  return withTenant(orgId, TEST_SYSTEM, (tx) => ingestUsageEvents(tx, orgId, events, options));
}

export function rollup(orgId: string): Promise<RollupResult> {
  return withTenant(orgId, TEST_SYSTEM, (tx) => rollupOrgUsage(tx, orgId));
}

export type RollupRow = { granularity: string; dimension: string; bucket: string; value: number };

/** The org's roll-up rows of a metric, sorted: granularity, bucket, dimension. */
export async function rollupsOf(orgId: string, metric: string): Promise<RollupRow[]> {
  return adminQuery<RollupRow>(
    `select granularity, dimension, to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as bucket,
            value::int as value
       from usage_rollups where org_id = $1 and metric = $2
      order by granularity, bucket_start, dimension`,
    [orgId, metric],
  );
}

export async function dirtyMarksOf(orgId: string): Promise<number> {
  const [row] = await adminQuery<{ n: number }>('select count(*)::int as n from usage_dirty_hours where org_id = $1', [
    orgId,
  ]);
  return row!.n;
}

/** Jobs recorded for the org in the outbox and not yet handed to Bull, by name. */
export async function recordedJobsOf(orgId: string, name: string): Promise<number> {
  const [row] = await adminQuery<{ n: number }>(
    `select count(*)::int as n from outbox where org_id = $1 and topic = 'jobs' and type = $2`,
    [orgId, name],
  );
  return row!.n;
}

export const isoHour = (date: Date) => `${date.toISOString().slice(0, 13)}:00Z`;
export const isoDay = (date: Date) => `${date.toISOString().slice(0, 10)}T00:00Z`;
