/** Presentation of the activity feed: rows, the loading skeleton and the empty state. */
import { useEffect, useState } from 'react';
import type { ActivityEvent } from '../../../server/shared/activityEvent';
import { describeActivity } from '../../../server/shared/describeActivity';
import { relativeTime } from './relativeTime';
import { formatUtc } from '~/lib/dates';

/**
 * The current time, refreshed every 30 s so "just now" becomes "1 minute ago" on its own. A list
 * the server rendered starts from the server's clock (`renderedAt`), so hydration sees the same
 * words; the browser's clock takes over once it is interactive.
 */
function useNow(renderedAt: number | undefined): number {
  const [now, setNow] = useState(() => renderedAt ?? Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ActivityList({ events, renderedAt }: { events: ActivityEvent[]; renderedAt?: number }) {
  const now = useNow(renderedAt);
  if (events.length === 0) {
    return <p className="py-8 text-center text-sm text-gray-500">No activity yet</p>;
  }
  return (
    <ul className="divide-y divide-gray-100">
      {events.map((event) => (
        <li key={event.id} data-testid="activity-item" className="flex items-baseline justify-between gap-4 py-3">
          <span className="text-sm text-gray-800">{describeActivity(event)}</span>
          <time
            dateTime={event.createdAt}
            title={formatUtc(event.createdAt)}
            className="shrink-0 text-xs text-gray-500"
          >
            {relativeTime(event.createdAt, now)}
          </time>
        </li>
      ))}
    </ul>
  );
}

export function ActivitySkeleton() {
  return (
    <ul aria-hidden="true" className="divide-y divide-gray-100">
      {[70, 55, 80, 45].map((width) => (
        <li key={width} className="flex items-center justify-between gap-4 py-3">
          <span className="h-3 animate-pulse rounded bg-gray-200" style={{ width: `${width}%` }} />
          <span className="h-3 w-14 animate-pulse rounded bg-gray-200" />
        </li>
      ))}
    </ul>
  );
}
