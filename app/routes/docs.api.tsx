/**
 * The REST API reference (public): the OpenAPI document at /api/v1/openapi.json rendered by
 * swagger-ui, whose script and stylesheet are served from our origin (server/rest/reference.ts)
 * and started by a static file (public/api-reference/init.js) — nothing inline, so the portal's
 * CSP holds. The scripts are added after hydration, so the page also works after a client-side
 * navigation.
 */
import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { useEffect } from 'react';
import { MAIN_CONTENT_ID } from '~/components/shell/SkipLink';

const VIEWER_SCRIPT = '/api/v1/reference/swagger-ui-bundle.js';
const START_SCRIPT = '/api-reference/init.js';

export const meta: MetaFunction = () => [{ title: 'API reference · Atrium' }];

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: '/api/v1/reference/swagger-ui.css' }];

function addScript(src: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = src;
  // Executed in the order added: the viewer, then what starts it.
  script.async = false;
  document.body.appendChild(script);
  return script;
}

export default function ApiReference() {
  useEffect(() => {
    const added = 'SwaggerUIBundle' in window ? [] : [addScript(VIEWER_SCRIPT)];
    added.push(addScript(START_SCRIPT));
    return () => added.forEach((script) => script.remove());
  }, []);
  return (
    <main id={MAIN_CONTENT_ID} className="mx-auto max-w-6xl space-y-4 px-4 py-8">
      <header className="space-y-2">
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Atrium API reference</h1>
        <p className="text-sm text-gray-700">
          Base URL <code>/api/v1</code>. Authenticate with an API key of your organization (made on its API keys page):{' '}
          <code>Authorization: Bearer atr_…</code>. The machine-readable document is{' '}
          <a className="text-blue-700 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>{' '}
          (OpenAPI 3.1).
        </p>
      </header>
      <div id="api-reference" className="rounded border border-gray-200 bg-white" />
    </main>
  );
}
