import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { StaticRouter } from 'react-router-dom/server';
import { describe, expect, it } from 'vitest';
import { OrgSwitcher } from './OrgSwitcher';

describe('OrgSwitcher', () => {
  it('tells two organizations of the same name apart by their slug', () => {
    const html = renderToStaticMarkup(
      createElement(
        StaticRouter,
        { location: '/o/acme' },
        createElement(OrgSwitcher, {
          current: { slug: 'acme', name: 'Acme Corp' },
          orgs: [
            { slug: 'acme', name: 'Acme Corp', status: 'active' },
            { slug: 'acme-eu', name: 'Acme Corp', status: 'active' },
          ],
        }),
      ),
    );
    const links = html.match(/<a [^>]*href="\/o\/[^"]+"[^>]*>.*?<\/a>/g) ?? [];
    expect(links).toHaveLength(2);
    expect(links[0]).toContain('>acme<');
    expect(links[1]).toContain('>acme-eu<');
  });
});
