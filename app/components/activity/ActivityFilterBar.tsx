/**
 * The Activity page's filters: a chip per category (toggle buttons, aria-pressed) and, for members
 * who may read the directory, a "By person" select. Each change is a navigation to the new URL
 * (activityFilters.ts), so the back button steps through the filters.
 */
import { Link, useSearchParams } from '@remix-run/react';
import { useId } from 'react';
import { ACTIVITY_CATEGORIES, canSeeActivityCategory } from '../../../server/shared/activityCategories';
import { MAX_PAGE_SIZE } from '../../../server/shared/memberSchemas';
import { useCan } from '~/lib/permissions';
import { trpc } from '~/lib/trpc';
import {
  hasActivityFilters,
  searchWithActivityFilters,
  toggleCategory,
  type ActivityFilterState,
} from './activityFilters';

const CHIP =
  'rounded-full border px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500';
const CHIP_ON = 'border-blue-600 bg-blue-600 text-white hover:bg-blue-700';
const CHIP_OFF = 'border-gray-300 bg-white text-gray-700 hover:bg-gray-50';

function Chip({ label, isPressed, onClick }: { label: string; isPressed: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={isPressed}
      onClick={onClick}
      className={`${CHIP} ${isPressed ? CHIP_ON : CHIP_OFF}`}
    >
      {label}
    </button>
  );
}

/** The org's people, first names first — bounded to one page of the directory. */
function PersonSelect({
  orgSlug,
  value,
  onChange,
}: {
  orgSlug: string;
  value: string | undefined;
  onChange: (userId: string | undefined) => void;
}) {
  const id = useId();
  const people = trpc.members.list.useQuery(
    { orgSlug, sort: 'name', pageSize: MAX_PAGE_SIZE },
    { staleTime: 60_000, refetchOnWindowFocus: false },
  );
  const rows = people.data?.rows ?? [];
  const isListed = value === undefined || rows.some((row) => row.userId === value);
  return (
    <label htmlFor={id} className="flex w-full min-w-0 items-center gap-2 text-sm text-gray-700 sm:w-auto">
      <span className="shrink-0">By person</span>
      <select
        id={id}
        value={value ?? ''}
        disabled={people.isPending}
        onChange={(event) => onChange(event.target.value || undefined)}
        className="w-full min-w-0 rounded-md border border-gray-300 px-2 py-1 text-sm focus:border-blue-500 sm:w-56 focus:outline-none focus:ring-1 focus:ring-blue-500"
      >
        <option value="">Anyone</option>
        {/* A person from a shared link who is not on the first page of names stays selected. */}
        {isListed ? null : <option value={value}>Selected person</option>}
        {rows.map((row) => (
          <option key={row.userId} value={row.userId}>
            {row.name}
            {row.status === 'deactivated' ? ' (deactivated)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ActivityFilterBar({ orgSlug, filters }: { orgSlug: string; filters: ActivityFilterState }) {
  const [search, setSearch] = useSearchParams();
  const can = useCan();
  const apply = (next: ActivityFilterState) =>
    setSearch(searchWithActivityFilters(search, next), { preventScrollReset: true });

  return (
    <div className="flex flex-wrap items-center justify-between gap-4">
      <div role="group" aria-label="Categories" className="flex flex-wrap gap-2">
        <Chip
          label="All"
          isPressed={filters.categories.length === 0}
          onClick={() => apply({ ...filters, categories: [] })}
        />
        {ACTIVITY_CATEGORIES.filter(
          // A category whose events the member may never read is no filter for them.
          (category) => canSeeActivityCategory(category, can) || filters.categories.includes(category.key),
        ).map((category) => (
          <Chip
            key={category.key}
            label={category.label}
            isPressed={filters.categories.includes(category.key)}
            onClick={() => apply(toggleCategory(filters, category.key))}
          />
        ))}
      </div>
      <div className="flex w-full min-w-0 flex-wrap items-center gap-4 sm:w-auto">
        {can('users:read') ? (
          <PersonSelect
            orgSlug={orgSlug}
            value={filters.actorUserId}
            onChange={(actorUserId) => apply({ ...filters, actorUserId })}
          />
        ) : null}
        {hasActivityFilters(filters) ? (
          <Link to={`/o/${orgSlug}/activity`} className="text-sm font-medium text-blue-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </div>
  );
}
