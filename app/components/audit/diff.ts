/**
 * A before/after diff of two JSON values, flattened to paths ("grants[1].permission"), for the
 * audit detail panel. Pure, so it is unit-tested without a browser.
 */
export type DiffKind = 'added' | 'removed' | 'changed' | 'same';
export type DiffLine = { path: string; kind: DiffKind; before?: string; after?: string };

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path || '(value)', '[]');
    value.forEach((item, i) => flatten(item, `${path}[${i}]`, out));
    return;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path || '(value)', '{}');
    for (const [key, item] of entries) flatten(item, path ? `${path}.${key}` : key, out);
    return;
  }
  out.set(path || '(value)', value === undefined ? 'null' : JSON.stringify(value));
}

export function diffValues(before: unknown, after: unknown): DiffLine[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, '', a);
  if (after !== null && after !== undefined) flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const was = a.get(path);
    const now = b.get(path);
    if (was === undefined) return { path, kind: 'added', after: now };
    if (now === undefined) return { path, kind: 'removed', before: was };
    return { path, kind: was === now ? 'same' : 'changed', before: was, after: now };
  });
}
