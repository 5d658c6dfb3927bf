/**
 * Keeps the invitations page current: listens to invitations.changes over the WebSocket and
 * re-runs the page's loaders on every change (an acceptance, another admin's invite, resend or
 * revoke) and on 'ready' — sent once the server's subscription is confirmed — so nothing made
 * while connecting is missed. Says "Live" only from then on.
 */
import { useState } from 'react';
import { LiveBadge, type LiveState } from '~/components/activity/LiveBadge';
import { trpc } from '~/lib/trpc';
import { useLiveRevalidate } from '~/lib/useLiveRevalidate';

export function InvitationsLive({ orgSlug }: { orgSlug: string }) {
  const revalidate = useLiveRevalidate();
  const [isReady, setReady] = useState(false);
  const [hasBeenLive, setHasBeenLive] = useState(false);
  const subscription = trpc.invitations.changes.useSubscription(
    { orgSlug },
    {
      onData: (change) => {
        if (change.type === 'ready') setReady(true);
        revalidate();
      },
    },
  );
  // 'ready' arrives once per connection; after a reconnect the new one follows the status change.
  const isLive = subscription.status === 'pending' && isReady;
  if (isLive && !hasBeenLive) setHasBeenLive(true);
  let state: LiveState = 'connecting';
  if (isLive) state = 'live';
  else if (hasBeenLive && subscription.status !== 'error') state = 'reconnecting';
  else if (subscription.status === 'error') state = 'unavailable';
  return <LiveBadge state={state} />;
}
