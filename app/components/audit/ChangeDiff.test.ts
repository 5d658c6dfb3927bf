import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChangeDiff } from './ChangeDiff';

const render = (before: unknown, after: unknown) => renderToStaticMarkup(createElement(ChangeDiff, { before, after }));

describe('ChangeDiff', () => {
  it('shows one row for one permission added to a role, and counts the unchanged ones in words', () => {
    const html = render(
      { effectivePermissions: ['org:read', 'users:read'] },
      { effectivePermissions: ['audit:read', 'org:read', 'users:read'] },
    );
    expect(html.match(/data-kind="added"/g)).toHaveLength(1);
    expect(html).not.toContain('data-kind="changed"');
    expect(html).toContain('Show 2 unchanged fields');
    expect(render({ a: 1, b: 2 }, { a: 1, b: 3 })).toContain('Show 1 unchanged field<');
  });
});
