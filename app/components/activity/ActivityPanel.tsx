/**
 * The org's activity feed on the dashboard: the newest events, kept live (useActivityFeed.ts),
 * with "Load older" and a link to the full Activity page and its filters.
 */
import { Link } from '@remix-run/react';
import { Card, Flex } from '~/components/ui/tremor';
import { ActivityList, ActivitySkeleton } from './ActivityList';
import { ActivityFeedError, LoadOlder } from './ActivityFeedParts';
import { LiveBadge } from './LiveBadge';
import { useActivityFeed } from './useActivityFeed';

const PAGE_SIZE = 20;

export function ActivityPanel({ orgSlug }: { orgSlug: string }) {
  const { pages, events, liveState } = useActivityFeed(orgSlug, PAGE_SIZE);
  return (
    <Card role="region" aria-labelledby="activity-heading">
      <Flex justifyContent="between" alignItems="center" className="mb-2">
        <h2 id="activity-heading" className="text-tremor-title font-semibold text-tremor-content-strong">
          Activity
        </h2>
        <LiveBadge state={liveState} />
      </Flex>
      {pages.isPending ? (
        <ActivitySkeleton />
      ) : pages.isError ? (
        <ActivityFeedError message={pages.error.message} />
      ) : (
        <ActivityList events={events} />
      )}
      <LoadOlder pages={pages} />
      <p className="mt-4 text-right text-sm">
        <Link to={`/o/${orgSlug}/activity`} className="font-medium text-blue-700 hover:underline">
          See all activity →
        </Link>
      </p>
    </Card>
  );
}
