/**
 * Test fixtures for the usage read side: roll-up rows written through withTenant as the roll-up
 * job leaves them (a plan comes from server/billing/testFixtures.ts). Only imported by tests.
 */
import { sql } from 'drizzle-orm';
import { usageRollups } from '../../db/schema';
import { withTenant } from '../tenancy/withTenant';

const FIXTURE = { type: 'system', name: 'test:usage' } as const;

export type RollupFixture = {
  metric: string;
  granularity: 'hour' | 'day';
  dimension?: string;
  bucketStart: Date;
  value: number;
};

/** Writes (or overwrites) roll-up rows of one org. */
export async function writeRollups(orgId: string, rows: RollupFixture[]): Promise<void> {
  if (rows.length === 0) return;
  await withTenant(orgId, FIXTURE, (tx) =>
    tx
      .insert(usageRollups)
      .values(rows.map((row) => ({ ...row, orgId, dimension: row.dimension ?? '' })))
      .onConflictDoUpdate({
        target: [
          usageRollups.orgId,
          usageRollups.metric,
          usageRollups.granularity,
          usageRollups.dimension,
          usageRollups.bucketStart,
        ],
        set: { value: sql`excluded.value`, updatedAt: sql`now()` },
      }),
  );
}

/** A metric's hourly rows and the matching daily total, as the roll-up leaves one hour's usage. */
export function hourWithDay(
  metric: string,
  hour: Date,
  value: number,
  dimensions: Record<string, number> = {},
): RollupFixture[] {
  const day = new Date(Date.UTC(hour.getUTCFullYear(), hour.getUTCMonth(), hour.getUTCDate()));
  const rows: RollupFixture[] = [];
  for (const granularity of ['hour', 'day'] as const) {
    const bucketStart = granularity === 'hour' ? hour : day;
    rows.push({ metric, granularity, bucketStart, value });
    for (const [dimension, amount] of Object.entries(dimensions))
      rows.push({ metric, granularity, dimension, bucketStart, value: amount });
  }
  return rows;
}
