/**
 * A before/after diff of two JSON values for the audit detail panel. Objects are compared key by
 * key (flattened to paths such as "profile.billingAddress.city"); arrays as sets — an item added
 * or removed is one row, wherever it sits, so adding one permission is one added row, not every
 * later index "changed". Pure, so it is unit-tested without a browser.
 */
export type DiffKind = 'added' | 'removed' | 'changed' | 'same';
export type DiffLine = { path: string; kind: DiffKind; before?: string; after?: string };

/** An array's items, each as canonical JSON (object keys sorted), in first-seen order. */
type Items = { items: string[] };
type Flat = Map<string, string | Items>;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

function flatten(value: unknown, path: string, out: Flat): void {
  const at = path || '(value)';
  if (Array.isArray(value)) {
    out.set(at, { items: [...new Set(value.map(canonical))] });
    return;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(at, '{}');
    for (const [key, item] of entries) flatten(item, path ? `${path}.${key}` : key, out);
    return;
  }
  out.set(at, canonical(value));
}

function render(value: string | Items): string {
  return typeof value === 'string' ? value : `[${value.items.join(', ')}]`;
}

function diffItems(path: string, was: Items | undefined, now: Items | undefined): DiffLine[] {
  const before = was?.items ?? [];
  const after = now?.items ?? [];
  if (before.length === 0 && after.length === 0) {
    if (!was) return [{ path, kind: 'added', after: '[]' }];
    if (!now) return [{ path, kind: 'removed', before: '[]' }];
    return [{ path, kind: 'same', before: '[]', after: '[]' }];
  }
  const kept = new Set(after);
  const lines: DiffLine[] = before.map((item) =>
    kept.has(item) ? { path, kind: 'same', before: item, after: item } : { path, kind: 'removed', before: item },
  );
  const had = new Set(before);
  for (const item of after) if (!had.has(item)) lines.push({ path, kind: 'added', after: item });
  return lines;
}

function diffPath(path: string, was: string | Items | undefined, now: string | Items | undefined): DiffLine[] {
  const wasScalar = was === undefined || typeof was === 'string';
  const nowScalar = now === undefined || typeof now === 'string';
  if (!wasScalar || !nowScalar) {
    if ((was === undefined || !wasScalar) && (now === undefined || !nowScalar)) {
      return diffItems(path, was as Items | undefined, now as Items | undefined);
    }
    return [{ path, kind: 'changed', before: render(was!), after: render(now!) }];
  }
  if (was === undefined) return [{ path, kind: 'added', after: now }];
  if (now === undefined) return [{ path, kind: 'removed', before: was }];
  return [{ path, kind: was === now ? 'same' : 'changed', before: was, after: now }];
}

export function diffValues(before: unknown, after: unknown): DiffLine[] {
  const a: Flat = new Map();
  const b: Flat = new Map();
  if (before !== null && before !== undefined) flatten(before, '', a);
  if (after !== null && after !== undefined) flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.flatMap((path) => diffPath(path, a.get(path), b.get(path)));
}
