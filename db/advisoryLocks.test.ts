/**
 * The advisory lock registry: every class number is distinct and fits the `int` key the per-org
 * locks cast it to, and no source file outside the registry writes a lock number of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCKS } from './advisoryLocks';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REGISTRY = 'db/advisoryLocks.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'migrations' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('advisory lock registry', () => {
  it('gives every lock its own number, each a positive int4', () => {
    const numbers = Object.values(ADVISORY_LOCKS);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) {
      expect(Number.isInteger(number) && number > 0 && number <= 2 ** 31 - 1).toBe(true);
    }
  });

  it('is the only place a lock number is written', () => {
    const numbers = new Set<string>(Object.values(ADVISORY_LOCKS).map(String));
    const literalLock = /pg_(try_)?advisory_(xact_)?(un)?lock(_shared)?\(\s*\d/;
    const offenders = ['server', 'db', 'jobs', 'test', 'scripts', 'bench', 'app']
      .flatMap(sourceFiles)
      .map((path) => relative(ROOT, join(ROOT, path)))
      .filter((path) => path !== REGISTRY && !path.endsWith('advisoryLocks.test.ts'))
      .filter((path) => {
        const text = readFileSync(join(ROOT, path), 'utf8');
        return literalLock.test(text) || [...text.matchAll(/\b\d{7}\b/g)].some(([n]) => numbers.has(n));
      });
    expect(offenders).toEqual([]);
  });
});
