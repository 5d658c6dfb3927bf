/** Previous / next links with "page N of M" and the range shown; plain links, so they work without JavaScript. */
import { Link } from '@remix-run/react';
import { directorySearch, type DirectoryQuery } from './directoryQuery';
import { countOf } from '../../../server/shared/plural';

const linkClass =
  'rounded-tremor-default border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';

export function Pagination({
  query,
  total,
  pageSize,
  pageCount,
}: {
  query: DirectoryQuery;
  total: number;
  pageSize: number;
  pageCount: number;
}) {
  if (total === 0) return null;
  const page = Math.min(query.page, Math.max(pageCount, 1));
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(page * pageSize, total);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-gray-600">
        {from}–{to} of {countOf(total, 'member')} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link to={directorySearch(query, { page: page - 1 })} rel="prev" className={linkClass}>
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={directorySearch(query, { page: page + 1 })} rel="next" className={linkClass}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
