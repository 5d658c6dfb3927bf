/**
 * What a usage event must be to be accepted (./ingest.ts): each rule answers with the reason a
 * customer reads in the REST answer's `refused` list, so one bad event never costs the rest of
 * its batch. Pure: no database, no clock of its own (the caller passes `now`). Which metrics
 * exist is the caller's question too (built-ins plus the org's custom metrics).
 */
import { isSafeText } from '../shared/safeText';

/** The largest value one event may carry: far past any real count, well inside bigint. */
export const MAX_EVENT_VALUE = 1_000_000_000_000;
/** How far ahead of our clock an event may be stamped (clock skew of the sender). */
export const MAX_FUTURE_MS = 5 * 60_000;
/** How late an event may arrive: older ones are refused (invoices of past months are closed). */
export const MAX_AGE_DAYS = 35;
export const MAX_DIMENSION_LENGTH = 200;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** An event as a producer or an API client hands it over, not yet checked. */
export type UsageEventInput = {
  metric: unknown;
  value: unknown;
  occurredAt: unknown;
  dimension?: unknown;
  idempotencyKey?: unknown;
};

/** An event that passed every rule: what is stored. */
export type AcceptedEvent = {
  metric: string;
  value: number;
  occurredAt: Date;
  dimension: string;
  idempotencyKey: string | null;
};

export type EventCheck = { ok: true; event: AcceptedEvent } | { ok: false; reason: string };

export type EventRuleContext = {
  now: number;
  isKnownMetric: (metric: string) => boolean;
  /** The oldest occurredAt accepted; MAX_AGE_DAYS before `now` unless the caller backfills (the demo seed). */
  oldestAccepted?: number;
};

function valueReason(value: unknown): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return 'value must be a number';
  if (!Number.isFinite(value)) return 'value must be finite';
  if (!Number.isInteger(value)) return 'value must be a whole number';
  if (value < 0) return 'value must not be negative';
  if (value > MAX_EVENT_VALUE) return `value must be at most ${MAX_EVENT_VALUE}`;
  return null;
}

function timeOf(occurredAt: unknown): number | null {
  if (occurredAt instanceof Date) return Number.isNaN(occurredAt.getTime()) ? null : occurredAt.getTime();
  if (typeof occurredAt !== 'string' || occurredAt.length > 40) return null;
  // An ISO 8601 time with its offset: a bare date or local time would mean a different hour per sender.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(occurredAt)) return null;
  const time = Date.parse(occurredAt);
  return Number.isNaN(time) ? null : time;
}

function optionalText(value: unknown, max: number, what: string): { text: string | null } | { reason: string } {
  if (value === undefined || value === null) return { text: null };
  if (typeof value !== 'string') return { reason: `${what} must be text` };
  if (value.length > max) return { reason: `${what} must be at most ${max} characters` };
  if (!isSafeText(value)) return { reason: `${what} contains characters that are not allowed` };
  return { text: value };
}

export function checkUsageEvent(input: UsageEventInput, context: EventRuleContext): EventCheck {
  if (typeof input !== 'object' || input === null) return { ok: false, reason: 'event must be an object' };
  const { metric } = input;
  if (typeof metric !== 'string' || metric.length === 0) return { ok: false, reason: 'metric is required' };
  if (metric.length > 100 || !context.isKnownMetric(metric)) {
    return { ok: false, reason: `unknown metric: ${metric.slice(0, 100)}` };
  }
  const badValue = valueReason(input.value);
  if (badValue) return { ok: false, reason: badValue };
  const time = timeOf(input.occurredAt);
  if (time === null) return { ok: false, reason: 'occurredAt must be an ISO 8601 time with its offset' };
  if (time > context.now + MAX_FUTURE_MS) return { ok: false, reason: 'occurredAt is more than 5 minutes ahead' };
  const oldest = context.oldestAccepted ?? context.now - MAX_AGE_DAYS * 86_400_000;
  if (time < oldest) return { ok: false, reason: `occurredAt is more than ${MAX_AGE_DAYS} days old` };
  const dimension = optionalText(input.dimension, MAX_DIMENSION_LENGTH, 'dimension');
  if ('reason' in dimension) return { ok: false, reason: dimension.reason };
  const key = optionalText(input.idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH, 'idempotencyKey');
  if ('reason' in key) return { ok: false, reason: key.reason };
  if (key.text === '') return { ok: false, reason: 'idempotencyKey must not be empty' };
  return {
    ok: true,
    event: {
      metric,
      value: input.value as number,
      occurredAt: new Date(time),
      dimension: dimension.text ?? '',
      idempotencyKey: key.text,
    },
  };
}
