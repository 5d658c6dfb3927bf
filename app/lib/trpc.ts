/** The browser's tRPC client: HTTP (batched) for queries and mutations, WebSocket for subscriptions. */
import { createTRPCReact } from '@trpc/react-query';
import { createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../server/trpc/router';

export const trpc = createTRPCReact<AppRouter>();

/** On the server (SSR) nothing fetches through the client; it only has to exist for the hooks. */
export function createBrowserTrpcClient() {
  if (typeof window === 'undefined') {
    return trpc.createClient({ links: [httpBatchLink({ url: 'http://localhost/trpc', transformer: superjson })] });
  }
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/trpc`;
  const wsClient = createWSClient({ url: wsUrl, lazy: { enabled: true, closeMs: 10_000 } });
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({ url: '/trpc', transformer: superjson }),
      }),
    ],
  });
}
