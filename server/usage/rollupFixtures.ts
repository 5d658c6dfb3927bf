/**
 * Test fixtures for the usage read side: roll-up rows and a subscription written through
 * withTenant as the roll-up job and the Stripe sync would leave them. Only imported by tests and
 * the e2e setup.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { subscriptions, usageRollups } from '../../db/schema';
import type { PlanKey } from '../shared/plans';
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

/** Puts the org on `plan` through a live subscription row, as the Stripe sync would. */
export async function putOnPlan(orgId: string, plan: PlanKey): Promise<void> {
  await withTenant(orgId, FIXTURE, (tx) =>
    tx.insert(subscriptions).values({ orgId, id: `sub_${randomBytes(8).toString('hex')}`, plan, status: 'active' }),
  );
}
