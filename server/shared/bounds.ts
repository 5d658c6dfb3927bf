/**
 * Numbers and dates a client sends, bounded by what the columns they meet can hold. zod's
 * `.int()` accepts 1e300 and `z.date()` accepts the year -271821; PostgreSQL refuses both with an
 * error that would otherwise surface as a 500. Shared by the server and the browser: zod only.
 */
import { z } from 'zod';

/** PostgreSQL `integer`: versions, counters. */
export const INT4_MAX = 2_147_483_647;

/** An optimistic-locking version (an `integer` column that starts at 1). */
export const ZRowVersion = z.number().int().positive().max(INT4_MAX, 'Not a version');

/** A `bigint` identity or sequence number as JavaScript can hold it exactly. */
export const ZSerialId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER, 'Not an id');

/** Dates a filter or a "what if" may name: 1970 to 9999, which every timestamp column and toISOString() render alike. */
export const EARLIEST_DATE = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('9999-12-31T23:59:59.999Z');

export function zDate(): z.ZodDate {
  return z.date().min(EARLIEST_DATE, 'That date is too early').max(LATEST_DATE, 'That date is too late');
}
