/**
 * The audit declarations of the usage metering actions: creating a custom metric, and each batch of
 * events reported through the API (who reported, when, with what outcome; not the events).
 */
import { fromOutput, type AuditDeclaration } from '../audit/declaration';

export const USAGE_AUDIT = {
  createMetric: { action: 'usage.metric.create', resource: 'usage_metric', id: fromOutput('key') },
  report: { action: 'usage.report', resource: 'usage_events' },
} as const satisfies Record<string, AuditDeclaration>;
