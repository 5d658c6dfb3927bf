/**
 * The metrics an org can report: the built-in ones (server/shared/usageMetrics.ts) and its own
 * custom metrics (db/schema/usageMetrics.ts), which it creates once and reports through the API.
 * A custom metric is never changed or deleted here: its events and roll-ups keep its meaning.
 */
import { asc, eq } from 'drizzle-orm';
import { usageMetrics } from '../../db/schema';
import { AppError } from '../errors';
import { BUILT_IN_METRICS } from '../shared/usageMetrics';
import type { Tx } from '../tenancy/withTenant';
import { type CreateUsageMetricInput, type UsageMetricView } from './schemas';

const builtIns: UsageMetricView[] = Object.entries(BUILT_IN_METRICS).map(([key, metric]) => ({
  key,
  name: metric.name,
  unit: metric.unit,
  aggregation: metric.aggregation,
  isBuiltIn: true,
}));

export async function listUsageMetrics(tx: Tx, orgId: string): Promise<{ items: UsageMetricView[] }> {
  const custom = await tx
    .select({
      key: usageMetrics.key,
      name: usageMetrics.name,
      unit: usageMetrics.unit,
      aggregation: usageMetrics.aggregation,
    })
    .from(usageMetrics)
    .where(eq(usageMetrics.orgId, orgId))
    .orderBy(asc(usageMetrics.key));
  return { items: [...builtIns, ...custom.map((metric) => ({ ...metric, isBuiltIn: false }))] };
}

export async function createUsageMetric(
  tx: Tx,
  orgId: string,
  input: CreateUsageMetricInput,
): Promise<UsageMetricView> {
  const [created] = await tx
    .insert(usageMetrics)
    .values({ orgId, key: input.key, name: input.name, unit: input.unit, aggregation: input.aggregation })
    .onConflictDoNothing()
    .returning({
      key: usageMetrics.key,
      name: usageMetrics.name,
      unit: usageMetrics.unit,
      aggregation: usageMetrics.aggregation,
    });
  if (!created) throw new AppError('USAGE_METRIC_EXISTS', `A metric ${input.key} already exists`, { key: input.key });
  return { ...created, isBuiltIn: false };
}
