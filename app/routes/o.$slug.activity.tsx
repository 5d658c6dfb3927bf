/**
 * The org's full activity feed ("what happened while I was gone?"): filter chips per category and
 * an optional person, both in the URL (a filtered view is a link; the back button undoes a
 * change), the list with "Load older", and live events prepended when they match the filters.
 * The server narrows the list in SQL and never shows what the member's permissions hide.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { useMemo } from 'react';
import { ActivityFeedError, LoadOlder } from '~/components/activity/ActivityFeedParts';
import { ActivityFilterBar } from '~/components/activity/ActivityFilterBar';
import { ActivityList, ActivitySkeleton } from '~/components/activity/ActivityList';
import {
  activityFiltersFromSearch,
  activityListInput,
  hasActivityFilters,
  type ActivityFilterState,
} from '~/components/activity/activityFilters';
import { LiveBadge } from '~/components/activity/LiveBadge';
import { useActivityFeed, type ActivityFeedPage } from '~/components/activity/useActivityFeed';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { ACTIVITY_CATEGORIES } from '../../server/shared/activityCategories';

export const meta: MetaFunction = () => [{ title: 'Activity · Atrium' }];

const PAGE_SIZE = 30;

/** The first page for the URL's filters, rendered with the page: no loading state, and readable without JavaScript. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const filters = activityFiltersFromSearch(new URL(request.url).searchParams);
  const firstPage = await caller.activity
    .list(activityListInput(params.slug ?? '', PAGE_SIZE, filters))
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ firstPage, renderedAt: Date.now() }, { headers });
}

function emptyMessage(filters: ActivityFilterState): string {
  if (!hasActivityFilters(filters)) return 'No activity yet';
  const [only] = filters.categories;
  const category = ACTIVITY_CATEGORIES.find((c) => c.key === only);
  if (filters.categories.length === 1 && !filters.actorUserId && category) {
    return `No ${category.label.toLowerCase()} activity yet`;
  }
  return 'No activity matches these filters';
}

export default function ActivityPage() {
  const slug = useParams().slug ?? '';
  const [search] = useSearchParams();
  const query = search.toString();
  const filters = useMemo(() => activityFiltersFromSearch(new URLSearchParams(query)), [query]);
  const { firstPage, renderedAt } = useLoaderData<typeof loader>();
  const { pages, events, liveState } = useActivityFeed(slug, PAGE_SIZE, filters, firstPage as ActivityFeedPage);
  const isFiltered = hasActivityFilters(filters);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Activity</h1>
          <Text className="mt-1">What happened in this organization, newest first — as it happens.</Text>
        </div>
        <LiveBadge state={liveState} />
      </div>

      <Card>
        <ActivityFilterBar orgSlug={slug} filters={filters} />
      </Card>

      <Card role="region" aria-label="Activity events">
        {pages.isPending ? (
          <ActivitySkeleton />
        ) : pages.isError ? (
          <ActivityFeedError message={pages.error.message} />
        ) : events.length === 0 ? (
          <div className="py-8 text-center text-sm text-gray-500">
            <p>{emptyMessage(filters)}</p>
            {isFiltered ? (
              <Link to={`/o/${slug}/activity`} className="mt-2 inline-block font-medium text-blue-700 hover:underline">
                Clear filters
              </Link>
            ) : null}
          </div>
        ) : (
          <ActivityList events={events} renderedAt={renderedAt} />
        )}
        <LoadOlder pages={pages} />
      </Card>
    </div>
  );
}
