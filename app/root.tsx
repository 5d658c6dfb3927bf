import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from '@remix-run/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel, errorText } from './components/errors/ErrorPanel';
import { MAIN_CONTENT_ID, SkipLink } from './components/shell/SkipLink';
import { useNonce } from './lib/nonce';
import { createBrowserTrpcClient, trpc } from './lib/trpc';
import stylesheet from './tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

/** Only an error page has no route of its own to name it (a 404 matches no route at all). */
export const meta: MetaFunction = ({ error }) => [{ title: error ? `${errorText(error).title} · Atrium` : 'Atrium' }];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full bg-gray-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-gray-900 antialiased">
        <SkipLink />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }),
  );
  const [trpcClient] = useState(createBrowserTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <Outlet />
      </QueryClientProvider>
    </trpc.Provider>
  );
}

export function ErrorBoundary() {
  return (
    <main id={MAIN_CONTENT_ID} className="flex min-h-full flex-col justify-center px-4">
      <ErrorPanel error={useRouteError()} home={{ to: '/', label: 'Go to the start page' }} />
    </main>
  );
}
