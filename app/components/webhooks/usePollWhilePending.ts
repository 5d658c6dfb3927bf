/**
 * Keeps a page with pending deliveries current without a reload: while something is pending and
 * the tab is visible it re-runs the loaders every few seconds, and once when the tab comes back
 * into view. Nothing runs while nothing is pending or the tab is hidden.
 */
import { useEffect } from 'react';
import { useLiveRevalidate } from '~/lib/useLiveRevalidate';

export const POLL_MS = 3_000;

export function usePollWhilePending(isPending: boolean): void {
  const revalidate = useLiveRevalidate();
  useEffect(() => {
    if (!isPending) return;
    const tick = () => {
      if (document.visibilityState === 'visible') revalidate();
    };
    const timer = window.setInterval(tick, POLL_MS);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [isPending, revalidate]);
}
