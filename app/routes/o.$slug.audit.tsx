/**
 * The audit trail viewer (audit:read). Filters, the page cursor and the selected event are all in
 * the URL; the loader reads one keyset page (newest first) through audit.list and, when an event
 * is selected, its detail with before/after. The chain status is verified in the background; the
 * live tail streams new matching events over the WebSocket while it is switched on.
 */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation, useParams } from '@remix-run/react';
import { Card, Text } from '~/components/ui/tremor';
import { useMemo, useState } from 'react';
import { LiveBadge } from '~/components/activity/LiveBadge';
import { AuditDetail } from '~/components/audit/AuditDetail';
import { AuditFilterForm } from '~/components/audit/AuditFilterForm';
import { AuditTable } from '~/components/audit/AuditTable';
import { ChainStatus } from '~/components/audit/ChainStatus';
import { filterSearch, filtersFromSearch } from '~/components/audit/filters';
import { useAuditLiveTail } from '~/components/audit/useAuditLiveTail';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { useCan } from '~/lib/permissions';

export const meta: MetaFunction = () => [{ title: 'Audit trail · Atrium' }];

const PAGE_SIZE = 50;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const search = new URL(request.url).searchParams;
  const cursor = search.get('cursor');
  const selected = Number(search.get('event'));
  const filters = filtersFromSearch(search);
  const [page, detail] = await Promise.all([
    caller.audit.list({
      orgSlug,
      filters,
      cursor: cursor && /^\d{1,15}\.\d{1,18}$/.test(cursor) ? cursor : undefined,
      limit: PAGE_SIZE,
    }),
    Number.isSafeInteger(selected) && selected > 0
      ? caller.audit.get({ orgSlug, seq: selected }).catch(() => null)
      : Promise.resolve(null),
  ]).catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ page, detail, isFirstPage: !cursor }, { headers });
}

function withParams(pathname: string, search: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export default function AuditTrail() {
  const { page, detail, isFirstPage } = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? '';
  const location = useLocation();
  const can = useCan();
  const search = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const filterQuery = filterSearch(search).toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(filterQuery)), [filterQuery]);
  const [isLive, setIsLive] = useState(false);
  const newestOnPage = page.items[0]?.seq ?? 0;
  const live = useAuditLiveTail(slug, filters, newestOnPage, isLive && isFirstPage);

  const events = useMemo(() => {
    const onPage = new Set(page.items.map((e) => e.seq));
    return [...live.events.filter((e) => !onPage.has(e.seq)), ...page.items];
  }, [live.events, page.items]);
  const freshSeqs = useMemo(() => new Set(live.events.map((e) => e.seq)), [live.events]);
  const basePath = `/o/${slug}/audit`;
  const selectedSeq = detail?.seq ?? null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Audit trail</h1>
          <Text className="mt-1">
            Every change made in this organization, who made it and from where — including refused attempts.
          </Text>
        </div>
        <div className="flex flex-col items-end gap-2">
          <ChainStatus orgSlug={slug} />
          <Link to={`${basePath}/push`} className="text-sm text-blue-700 hover:underline">
            Push to your endpoint →
          </Link>
        </div>
      </div>

      <Card>
        <AuditFilterForm search={search} basePath={basePath} />
      </Card>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <label className="flex items-center gap-2 text-sm text-gray-700">
          <input
            type="checkbox"
            checked={isLive}
            disabled={!isFirstPage}
            onChange={(event) => setIsLive(event.target.checked)}
          />
          Live tail
          {isLive && isFirstPage ? <LiveBadge state={live.state} /> : null}
          {!isFirstPage ? <span className="text-xs text-gray-500">(on the newest page only)</span> : null}
        </label>
        {can('audit:export') ? (
          <form method="post" action={`${basePath}/export?${filterQuery}`} className="flex items-center gap-2">
            <label className="text-sm text-gray-700" htmlFor="export-format">
              Export
            </label>
            <select id="export-format" name="format" className="rounded-md border border-gray-300 px-2 py-1 text-sm">
              <option value="csv">CSV</option>
              <option value="ndjson">NDJSON</option>
            </select>
            <button type="submit" className="rounded-md border border-gray-300 px-3 py-1 text-sm hover:bg-gray-50">
              Download
            </button>
          </form>
        ) : null}
      </div>

      <div className={detail ? 'grid gap-6 lg:grid-cols-5' : ''}>
        <Card className={detail ? 'overflow-x-auto lg:col-span-3' : 'overflow-x-auto'}>
          <AuditTable
            events={events}
            freshSeqs={freshSeqs}
            selectedSeq={selectedSeq}
            linkFor={(seq) => withParams(location.pathname, search, { event: String(seq) })}
          />
          <nav className="mt-4 flex justify-between text-sm" aria-label="Pages">
            {isFirstPage ? (
              <span />
            ) : (
              <Link to={withParams(basePath, new URLSearchParams(filterQuery), {})}>← Newest</Link>
            )}
            {page.nextCursor ? (
              <Link to={withParams(basePath, new URLSearchParams(filterQuery), { cursor: page.nextCursor })}>
                Older →
              </Link>
            ) : null}
          </nav>
        </Card>
        {detail ? (
          <div className="lg:col-span-2">
            <AuditDetail event={detail} closeTo={withParams(location.pathname, search, { event: null })} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
