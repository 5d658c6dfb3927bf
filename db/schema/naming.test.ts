/**
 * The schema files' one naming rule (see index.ts): each file is named after a table it defines,
 * each table's variable is its SQL name in camelCase, and index.ts re-exports every table.
 */
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as schema from './index';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const HELPERS = new Set(['index', 'columnTypes']);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -'.ts'.length));

const camelCase = (sqlName: string) => sqlName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

async function tablesOf(file: string): Promise<[name: string, table: PgTable][]> {
  const module = (await import(`./${file}.ts`)) as Record<string, unknown>;
  return Object.entries(module).filter((entry): entry is [string, PgTable] => is(entry[1], PgTable));
}

describe('schema file naming', () => {
  it('names each file after a table it defines, and each table after its SQL name', async () => {
    for (const file of files.filter((f) => !HELPERS.has(f))) {
      const tables = await tablesOf(file);
      expect(
        tables.map(([name]) => name),
        `${file}.ts`,
      ).toContain(file);
      for (const [name, table] of tables) expect(name, `${file}.ts`).toBe(camelCase(getTableName(table)));
    }
  });

  it('keeps tables out of the helper files and re-exports every table from index.ts', async () => {
    expect(await tablesOf('columnTypes')).toEqual([]);
    for (const file of files.filter((f) => !HELPERS.has(f))) {
      for (const [name, table] of await tablesOf(file)) {
        expect((schema as Record<string, unknown>)[name], `${name} from ${file}.ts`).toBe(table);
      }
    }
  });
});
