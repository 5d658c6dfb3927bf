/**
 * The members directory: server-side search, filters (role, team, status), sortable columns and
 * pages, all in the URL query so a view is linkable and works without JavaScript; a CSV export
 * of the same view. Anyone holding users:read sees it; managing members happens on each
 * member's page.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useParams, useSearchParams } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { FormAlert } from '~/components/forms';
import { DirectoryFilters } from '~/components/members/DirectoryFilters';
import {
  DEFAULT_PAGE_SIZE,
  directorySearch,
  hasFilters,
  readDirectoryQuery,
} from '~/components/members/directoryQuery';
import { MemberTable } from '~/components/members/MemberTable';
import { Pagination } from '~/components/members/Pagination';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';

export const meta: MetaFunction = () => [{ title: 'Members · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const query = readDirectoryQuery(new URL(request.url).searchParams);
  const [page, options] = await Promise.all([
    caller.members.list({ orgSlug, ...query, pageSize: DEFAULT_PAGE_SIZE }),
    caller.members.filterOptions({ orgSlug }),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ page, options, query }, { headers });
}

function describeFilters(q: string | undefined, isFiltered: boolean): string {
  if (q) return `No members match “${q}”${isFiltered ? ' with these filters' : ''}.`;
  return 'No members match these filters.';
}

export default function MembersDirectory() {
  const { page, options, query } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const [search] = useSearchParams();
  const base = `/o/${slug}/members`;
  const exportSearch = directorySearch({ ...query, page: 1 });
  const otherFilters = Boolean(query.roleId || query.teamId || query.status);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Members</h1>
          <Text className="mt-1">Everyone in this organization, with their roles, teams and status.</Text>
        </div>
        <a
          href={`${base}/export.csv${exportSearch}`}
          download
          className="inline-flex items-center rounded-tremor-default border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-800 shadow-tremor-input hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          Export CSV
        </a>
      </div>
      {search.get('removed') === '1' ? <FormAlert tone="success" message="The member was removed." /> : null}
      <Card>
        <DirectoryFilters query={query} options={options} clearHref={base} />
      </Card>
      {page.rows.length === 0 ? (
        <Card className="p-6 text-center">
          <Text>{hasFilters(query) ? describeFilters(query.q, otherFilters) : 'No members on this page.'}</Text>
        </Card>
      ) : (
        <MemberTable rows={page.rows} query={query} orgSlug={slug} />
      )}
      <Pagination query={query} total={page.total} pageSize={page.pageSize} pageCount={page.pageCount} />
    </div>
  );
}
