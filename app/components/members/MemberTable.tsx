/**
 * The directory table: sortable column headers (links, so sorting works without JavaScript and
 * is announced through aria-sort), each member's online dot, roles, teams and status.
 */
import { Link } from '@remix-run/react';
import { OnlineIndicator } from '~/components/presence';
import type { MemberRow, MemberSort } from '../../../server/shared/memberSchemas';
import { directorySearch, type DirectoryQuery } from './directoryQuery';
import { StatusBadge } from './StatusBadge';

type Row = MemberRow;

const COLUMNS: { key: MemberSort; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'email', label: 'Email' },
  { key: 'status', label: 'Status' },
  { key: 'joined', label: 'Joined' },
];

function SortHeader({ column, query }: { column: (typeof COLUMNS)[number]; query: DirectoryQuery }) {
  const isSorted = query.sort === column.key;
  const nextDir = isSorted && query.dir === 'asc' ? 'desc' : 'asc';
  const arrow = isSorted ? (query.dir === 'asc' ? '↑' : '↓') : '';
  return (
    <th
      scope="col"
      aria-sort={isSorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-gray-600"
    >
      <Link
        to={directorySearch(query, { sort: column.key, dir: nextDir, page: 1 })}
        className="inline-flex items-center gap-1 hover:text-gray-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
      >
        {column.label}
        <span aria-hidden="true">{arrow}</span>
        <span className="sr-only">
          {isSorted ? `, sorted ${query.dir === 'asc' ? 'ascending' : 'descending'}` : ''}
        </span>
      </Link>
    </th>
  );
}

export function MemberTable({ rows, query, orgSlug }: { rows: Row[]; query: DirectoryQuery; orgSlug: string }) {
  return (
    <div className="overflow-x-auto rounded-tremor-default border border-gray-200 bg-white">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">Members</caption>
        <thead className="bg-gray-50">
          <tr>
            <SortHeader column={COLUMNS[0]!} query={query} />
            <SortHeader column={COLUMNS[1]!} query={query} />
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
              Roles
            </th>
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-gray-600">
              Teams
            </th>
            <SortHeader column={COLUMNS[2]!} query={query} />
            <SortHeader column={COLUMNS[3]!} query={query} />
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((row) => (
            <tr key={row.membershipId}>
              <td className="min-w-40 px-3 py-2 [overflow-wrap:anywhere]">
                <span className="flex items-center gap-2">
                  <OnlineIndicator membershipId={row.membershipId} />
                  <Link
                    to={`/o/${orgSlug}/members/${row.membershipId}`}
                    className="font-medium text-blue-700 hover:underline"
                  >
                    {row.name}
                  </Link>
                </span>
                {row.attributes.title ? (
                  <span className="block text-xs text-gray-500">{row.attributes.title}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 text-gray-700">{row.email}</td>
              <td className="px-3 py-2 text-gray-700">{row.roles.map((r) => r.name).join(', ')}</td>
              <td className="min-w-40 px-3 py-2 text-gray-700 [overflow-wrap:anywhere]">
                {row.teams.map((t) => t.name).join(', ') || '—'}
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-gray-700">
                <time dateTime={row.joinedAt.toISOString()}>{row.joinedAt.toISOString().slice(0, 10)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
