import { describe, expect, it } from 'vitest';
import { diffValues } from './diff';

describe('diffValues', () => {
  it('compares objects key by key: changed, unchanged, removed and added paths', () => {
    const lines = diffValues(
      { name: 'Auditors', profile: { city: 'Oslo', zip: '0150' }, version: 1, note: 'x' },
      { name: 'Senior auditors', profile: { city: 'Bergen', zip: '0150' }, version: 2, extra: true },
    );
    expect(lines).toEqual([
      { path: 'name', kind: 'changed', before: '"Auditors"', after: '"Senior auditors"' },
      { path: 'profile.city', kind: 'changed', before: '"Oslo"', after: '"Bergen"' },
      { path: 'profile.zip', kind: 'same', before: '"0150"', after: '"0150"' },
      { path: 'version', kind: 'changed', before: '1', after: '2' },
      { path: 'note', kind: 'removed', before: '"x"' },
      { path: 'extra', kind: 'added', after: 'true' },
    ]);
  });

  it('compares arrays as sets: one permission added is one added row, wherever it lands', () => {
    const before = ['audit:read', 'org:read', 'roles:read', 'teams:manage', 'users:read'];
    const after = ['activity:read', 'audit:read', 'org:read', 'roles:read', 'teams:manage', 'users:read'];
    const changed = diffValues({ effectivePermissions: before }, { effectivePermissions: after }).filter(
      (line) => line.kind !== 'same',
    );
    expect(changed).toEqual([{ path: 'effectivePermissions', kind: 'added', after: '"activity:read"' }]);
  });

  it('shows items removed and added, and objects in arrays by content, not position', () => {
    const lines = diffValues(
      { roles: ['Admin', 'Billing'], grants: [{ permission: 'a:read', condition: null }, { permission: 'b:read' }] },
      { roles: ['Billing', 'Viewer'], grants: [{ condition: null, permission: 'a:read' }] },
    );
    expect(lines).toEqual([
      { path: 'roles', kind: 'removed', before: '"Admin"' },
      { path: 'roles', kind: 'same', before: '"Billing"', after: '"Billing"' },
      { path: 'roles', kind: 'added', after: '"Viewer"' },
      {
        path: 'grants',
        kind: 'same',
        before: '{"condition":null,"permission":"a:read"}',
        after: '{"condition":null,"permission":"a:read"}',
      },
      { path: 'grants', kind: 'removed', before: '{"permission":"b:read"}' },
    ]);
  });

  it('treats a missing side as everything added or removed', () => {
    expect(diffValues(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: '1' }]);
    expect(diffValues({ a: [] }, undefined)).toEqual([{ path: 'a', kind: 'removed', before: '[]' }]);
    expect(diffValues(null, { tags: ['x'] })).toEqual([{ path: 'tags', kind: 'added', after: '"x"' }]);
    expect(diffValues({ a: 'x' }, { a: ['x'] })).toEqual([
      { path: 'a', kind: 'changed', before: '"x"', after: '["x"]' },
    ]);
    expect(diffValues(null, null)).toEqual([]);
  });
});
