/**
 * Keeps the usage page moving: listens to usage.live and, when a change touches a metric the page
 * shows (or may have been missed), re-runs the page's loader — debounced, so a burst of roll-ups
 * is one refetch. Says "Live" once the server has confirmed the subscription.
 */
import { useEffect, useRef, useState } from 'react';
import { LiveBadge, type LiveState } from '~/components/activity/LiveBadge';
import { trpc } from '~/lib/trpc';
import { useLiveRevalidate } from '~/lib/useLiveRevalidate';

const DEBOUNCE_MS = 400;

export function UsageLive({ orgSlug, metrics }: { orgSlug: string; metrics: readonly string[] }) {
  const revalidate = useLiveRevalidate();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [isReady, setReady] = useState(false);
  const [hasBeenLive, setHasBeenLive] = useState(false);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const subscription = trpc.usage.live.useSubscription(
    { orgSlug },
    {
      onData: ({ data }) => {
        if (data.kind === 'ready') return setReady(true);
        setReady(true);
        if (data.kind === 'updated' && !data.metrics.some((metric) => metrics.includes(metric))) return;
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          timer.current = null;
          revalidate();
        }, DEBOUNCE_MS);
      },
    },
  );
  const isLive = subscription.status === 'pending' && isReady;
  if (isLive && !hasBeenLive) setHasBeenLive(true);
  let state: LiveState = 'connecting';
  if (isLive) state = 'live';
  else if (subscription.status === 'error') state = 'unavailable';
  else if (hasBeenLive) state = 'reconnecting';
  return <LiveBadge state={state} />;
}
