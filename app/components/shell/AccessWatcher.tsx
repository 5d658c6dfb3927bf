/**
 * Keeps the org frame's permissions current: listens to access.changes over the WebSocket and,
 * when the member's own access changes (roles given or taken, a held role edited), re-runs the
 * loaders so the nav and every <Can> re-render with what the server now enforces. Renders nothing.
 */
import { useEffect, useRef } from 'react';
import { trpc } from '~/lib/trpc';
import { useLiveRevalidate } from '~/lib/useLiveRevalidate';

export function AccessWatcher({ orgSlug, permissions }: { orgSlug: string; permissions: readonly string[] }) {
  const revalidate = useLiveRevalidate();
  const { status } = trpc.access.changes.useSubscription(
    { orgSlug, known: [...permissions] },
    {
      onData: () => {
        revalidate();
      },
    },
  );
  // A live connection that drops may mean the session ended (a deactivated member's sockets are
  // closed by the server): re-running the loaders then shows the sign-in or "deactivated" page
  // instead of a page that silently stopped updating. After a mere restart they reload as before.
  const wasLive = useRef(false);
  useEffect(() => {
    if (status === 'pending') wasLive.current = true;
    if (status === 'connecting' && wasLive.current) {
      wasLive.current = false;
      revalidate();
    }
  }, [status, revalidate]);
  return null;
}
