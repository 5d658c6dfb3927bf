/**
 * The inbox bell in the top bar: the member's unread count, live over the WebSocket
 * (notifications.unread sends the current count first, again after every reconnect), linking to
 * the notifications page. Shown only to members who read the activity feed notifications come from.
 */
import { Link } from '@remix-run/react';
import { useState } from 'react';
import { trpc } from '~/lib/trpc';
import { useCan } from '~/lib/permissions';

function LiveCount({ orgSlug }: { orgSlug: string }) {
  const [unread, setUnread] = useState<number | null>(null);
  trpc.notifications.unread.useSubscription({ orgSlug }, { onData: (data) => setUnread(data.unread) });
  const label = unread === null ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <Link
      to={`/o/${orgSlug}/notifications`}
      aria-label={label}
      title={label}
      className="relative rounded-md p-2 text-gray-600 hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5">
        <path
          fill="currentColor"
          d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13.1A1 1 0 0 0 4.2 14.5h11.6a1 1 0 0 0 .9-1.4L15 9.6V7a5 5 0 0 0-5-5Zm-2 14a2 2 0 0 0 4 0H8Z"
        />
      </svg>
      {unread ? (
        <span
          data-testid="unread-count"
          className="absolute -right-0.5 -top-0.5 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[0.65rem] font-semibold leading-[1.1rem] text-white"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}

export function NotificationBell({ orgSlug }: { orgSlug: string }) {
  const can = useCan();
  if (!can('activity:read')) return null;
  return <LiveCount orgSlug={orgSlug} />;
}
