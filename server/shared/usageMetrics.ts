/**
 * The built-in usage metrics: what the product itself meters (server/usage/). An org adds its own
 * metrics (`custom.<name>`, db/schema/usageMetrics.ts) and reports them through the public API.
 * Shared with the browser: values only.
 */
export const BUILT_IN_METRICS = {
  api_call: { name: 'API calls', unit: 'calls', aggregation: 'sum', dimension: 'API key' },
  active_user: { name: 'Active users', unit: 'users', aggregation: 'distinct', dimension: 'user' },
  storage_bytes: { name: 'Storage', unit: 'bytes', aggregation: 'max', dimension: 'kind' },
} as const;
export type BuiltInMetric = keyof typeof BUILT_IN_METRICS;

export function isBuiltInMetric(value: string): value is BuiltInMetric {
  return Object.hasOwn(BUILT_IN_METRICS, value);
}

/** The pattern of a custom metric's key. */
export const CUSTOM_METRIC_KEY = /^custom\.[a-z][a-z0-9_]{0,62}$/;
