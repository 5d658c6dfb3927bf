/**
 * Timestamps read by raw SQL (`tx.execute`) arrive as PostgreSQL's text, not Dates: these render
 * them in SQL as the ISO strings the webhook procedures return.
 */
import { sql, type SQL } from 'drizzle-orm';

/** `2026-12-04T12:00:00.000Z`, or null. */
export function isoMs(column: SQL): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The same to the microsecond: what a keyset cursor needs to name a row exactly. */
export function isoUs(column: SQL): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
