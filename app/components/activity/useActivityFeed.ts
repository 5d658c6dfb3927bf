/**
 * The activity feed as a component shows it: past events page by page from activity.list ("Load
 * older"), and — once the first page is in — activity.live streaming everything newer than its
 * newest event, so nothing falls between the page and the stream. The tRPC WebSocket link resumes
 * from the last tracked id after a reconnect; ids are de-duplicated here all the same.
 *
 * With filters, the list is narrowed in SQL and live events are matched in the browser. The
 * subscription starts once and outlives filter changes: a new filter only reloads the list.
 */
import { useMemo, useState } from 'react';
import type { ActivityEvent } from '../../../server/shared/activityEvent';
import { trpc } from '~/lib/trpc';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/trpc/router';
import { activityListInput, matchesActivityFilters, type ActivityFilterState } from './activityFilters';
import type { LiveState } from './LiveBadge';

const NO_FILTERS: ActivityFilterState = { categories: [] };

function useLiveEvents(orgSlug: string, resumeFrom: string | null) {
  const [events, setEvents] = useState<ActivityEvent[]>([]);
  const [hasBeenLive, setHasBeenLive] = useState(false);
  const subscription = trpc.activity.live.useSubscription(
    { orgSlug, lastEventId: resumeFrom },
    {
      enabled: resumeFrom !== null,
      onData: (envelope) => setEvents((seen) => [envelope.data, ...seen]),
    },
  );
  if (subscription.status === 'pending' && !hasBeenLive) setHasBeenLive(true);
  let state: LiveState = 'connecting';
  if (subscription.status === 'pending') state = 'live';
  else if (subscription.status === 'connecting' && hasBeenLive) state = 'reconnecting';
  else if (subscription.status === 'error') state = 'unavailable';
  return { events, state };
}

export type ActivityFeedPage = inferRouterOutputs<AppRouter>['activity']['list'];

/**
 * `filters` should keep its identity while it means the same (derive it with useMemo).
 * `firstPage`, when the page's loader read it for these filters, is shown at once (also without
 * JavaScript) instead of being fetched again.
 */
export function useActivityFeed(
  orgSlug: string,
  pageSize: number,
  filters: ActivityFilterState = NO_FILTERS,
  loadedFirstPage?: ActivityFeedPage,
) {
  const pages = trpc.activity.list.useInfiniteQuery(activityListInput(orgSlug, pageSize, filters), {
    getNextPageParam: (page) => page.nextCursor,
    initialData: loadedFirstPage ? { pages: [loadedFirstPage], pageParams: [undefined] } : undefined,
    // The live stream keeps the feed current; refetching would only reorder what is shown.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const firstPage = pages.data?.pages[0];
  // Fixed once the first page arrives: changing it later would restart the subscription.
  const [resumeFrom, setResumeFrom] = useState<string | null>(null);
  // A filtered page names the feed's head: its own newest event may be far older.
  if (firstPage && resumeFrom === null) setResumeFrom(String(firstPage.headId ?? firstPage.items[0]?.id ?? 0));
  const live = useLiveEvents(orgSlug, resumeFrom);

  const events = useMemo(() => {
    const seen = new Set<number>();
    const matching = live.events.filter((event) => matchesActivityFilters(event, filters));
    const all = [...matching, ...(pages.data?.pages.flatMap((page) => page.items) ?? [])];
    return all.filter((event) => !seen.has(event.id) && seen.add(event.id)).sort((a, b) => b.id - a.id);
  }, [live.events, pages.data, filters]);

  return { pages, events, liveState: live.state };
}
