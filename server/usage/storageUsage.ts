/**
 * The storage_bytes producer: once a day per org (the measureStorageUsage cron fan-out), what the
 * org stores, per kind — its logo's bytes and the on-disk size of its rows in the tables that grow
 * with use — measured in the org's tenant transaction (RLS sees only its rows) and ingested as one
 * event per kind (dimension the kind), with a per-kind-per-day idempotency key so a retried job
 * counts once. `max` aggregation: the roll-up keeps each kind's size and totals them.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../tenancy/withTenant';
import { ingestUsageEvents, type IngestResult } from './ingest';

export const STORAGE_KINDS = ['logo', 'audit_events', 'webhook_messages', 'usage_events'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export async function measureStorage(tx: Tx, orgId: string): Promise<Record<StorageKind, number>> {
  const result = await tx.execute<Record<StorageKind, string>>(sql`
    select
      coalesce((select octet_length(data) from organization_logos where org_id = ${orgId}::uuid), 0)::text as logo,
      coalesce((select sum(pg_column_size(a.*)) from audit_events a where a.org_id = ${orgId}::uuid), 0)::text
        as audit_events,
      coalesce((select sum(pg_column_size(m.*)) from webhook_messages m where m.org_id = ${orgId}::uuid), 0)::text
        as webhook_messages,
      coalesce((select sum(pg_column_size(e.*)) from usage_events e where e.org_id = ${orgId}::uuid), 0)::text
        as usage_events`);
  const row = result.rows[0];
  return Object.fromEntries(STORAGE_KINDS.map((kind) => [kind, Number(row?.[kind] ?? 0)])) as Record<
    StorageKind,
    number
  >;
}

/** Measures and ingests the org's storage now; one transaction, no network I/O. */
export async function meterStorage(tx: Tx, orgId: string, now = new Date()): Promise<IngestResult> {
  const sizes = await measureStorage(tx, orgId);
  const day = now.toISOString().slice(0, 10);
  const events = STORAGE_KINDS.map((kind) => ({
    metric: 'storage_bytes',
    dimension: kind,
    value: sizes[kind],
    occurredAt: now.toISOString(),
    idempotencyKey: `storage_bytes:${kind}:${day}`,
  }));
  return ingestUsageEvents(tx, orgId, events, { source: 'product', now });
}
