/**
 * The org's activity feed on the dashboard. Past events come page by page from activity.list
 * ("Load older"); once the first page is in, activity.live streams everything newer than its
 * newest event, so nothing falls between the page and the stream. The tRPC WebSocket link
 * resumes from the last tracked id after a reconnect; ids are de-duplicated here all the same.
 */
import { Button, Card, Flex } from '@tremor/react';
import { useMemo, useState } from 'react';
import type { ActivityEvent } from '../../../server/activity/types';
import { trpc } from '~/lib/trpc';
import { ActivityList, ActivitySkeleton } from './ActivityList';
import { LiveBadge, type LiveState } from './LiveBadge';

const PAGE_SIZE = 20;

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

export function ActivityPanel({ orgSlug }: { orgSlug: string }) {
  const pages = trpc.activity.list.useInfiniteQuery(
    { orgSlug, limit: PAGE_SIZE },
    // The live stream keeps the feed current; refetching would only reorder what is shown.
    { getNextPageParam: (page) => page.nextCursor, staleTime: Infinity, refetchOnWindowFocus: false },
  );
  const firstPage = pages.data?.pages[0];
  // Fixed once the first page arrives: changing it later would restart the subscription.
  const [resumeFrom, setResumeFrom] = useState<string | null>(null);
  if (firstPage && resumeFrom === null) setResumeFrom(String(firstPage.items[0]?.id ?? 0));
  const live = useLiveEvents(orgSlug, resumeFrom);

  const events = useMemo(() => {
    const seen = new Set<number>();
    const all = [...live.events, ...(pages.data?.pages.flatMap((page) => page.items) ?? [])];
    return all.filter((event) => !seen.has(event.id) && seen.add(event.id)).sort((a, b) => b.id - a.id);
  }, [live.events, pages.data]);

  return (
    <Card role="region" aria-labelledby="activity-heading">
      <Flex justifyContent="between" alignItems="center" className="mb-2">
        <h2 id="activity-heading" className="text-tremor-title font-semibold text-tremor-content-strong">
          Activity
        </h2>
        <LiveBadge state={live.state} />
      </Flex>
      {pages.isPending ? (
        <ActivitySkeleton />
      ) : pages.isError ? (
        <p role="alert" className="py-6 text-center text-sm text-red-600">
          The activity feed could not be loaded. {pages.error.message}
        </p>
      ) : (
        <ActivityList events={events} />
      )}
      {pages.hasNextPage ? (
        <div className="mt-4 flex flex-col items-center gap-2">
          <Button
            variant="secondary"
            size="xs"
            loading={pages.isFetchingNextPage}
            onClick={() => void pages.fetchNextPage()}
          >
            Load older
          </Button>
          {pages.isFetchNextPageError ? (
            <p role="alert" className="text-sm text-red-600">
              Older activity could not be loaded; try again.
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
