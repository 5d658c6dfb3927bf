/**
 * Runs a statement as a named prepared statement on the transaction's connection: PostgreSQL
 * parses and plans it once per connection instead of on every call. For the few statements every
 * mutation pays for (its audit and activity events, written by their before-commit hooks), whose parse
 * and bind alone cost more than their execution. The name is derived from the text, so a text
 * maps to one name; statements with many rows (rare texts) are not kept.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Tx } from './withTenant';

const dialect = new PgDialect();

/** Statements with up to this many rows are prepared once per connection (a handful of texts). */
export const MAX_KEPT_ROWS = 4;

export async function executePrepared<T extends Record<string, unknown>>(
  tx: Tx,
  statement: SQL,
  options: { keep: boolean },
): Promise<{ rows: T[] }> {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  if (!options.keep) return tx.$client.query<T>(text, params);
  const name = `atrium_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  return tx.$client.query<T>({ name, text, values: params });
}
