import { describe, expect, it } from 'vitest';
import { diffValues } from './diff';

describe('diffValues', () => {
  it('lists changed, added, removed and unchanged paths of two JSON values', () => {
    const lines = diffValues(
      { name: 'Auditors', grants: [{ permission: 'audit:read' }], version: 1, note: 'x' },
      { name: 'Senior auditors', grants: [{ permission: 'audit:read' }, { permission: 'audit:export' }], version: 2 },
    );
    expect(lines).toEqual([
      { path: 'name', kind: 'changed', before: '"Auditors"', after: '"Senior auditors"' },
      { path: 'grants[0].permission', kind: 'same', before: '"audit:read"', after: '"audit:read"' },
      { path: 'version', kind: 'changed', before: '1', after: '2' },
      { path: 'note', kind: 'removed', before: '"x"' },
      { path: 'grants[1].permission', kind: 'added', after: '"audit:export"' },
    ]);
  });

  it('treats a missing side as everything added or removed', () => {
    expect(diffValues(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: '1' }]);
    expect(diffValues({ a: [] }, undefined)).toEqual([{ path: 'a', kind: 'removed', before: '[]' }]);
    expect(diffValues(null, null)).toEqual([]);
  });
});
