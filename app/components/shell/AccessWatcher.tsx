/**
 * Keeps the org frame's permissions current: listens to access.changes over the WebSocket and,
 * when the member's own access changes (roles given or taken, a held role edited), re-runs the
 * loaders so the nav and every <Can> re-render with what the server now enforces. Renders nothing.
 */
import { useRevalidator } from '@remix-run/react';
import { trpc } from '~/lib/trpc';

export function AccessWatcher({ orgSlug, permissions }: { orgSlug: string; permissions: readonly string[] }) {
  const revalidator = useRevalidator();
  trpc.access.changes.useSubscription(
    { orgSlug, known: [...permissions] },
    {
      onData: () => {
        revalidator.revalidate();
      },
    },
  );
  return null;
}
