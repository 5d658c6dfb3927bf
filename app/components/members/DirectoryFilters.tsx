/**
 * The directory's search and filters: a plain GET form, so it works before (and without)
 * JavaScript and its state is the URL. Changing a filter starts again at page 1.
 */
import { Form, Link } from '@remix-run/react';
import { useId } from 'react';
import type { FilterOptions } from '../../../server/shared/memberSchemas';
import { hasFilters, type DirectoryQuery } from './directoryQuery';

const selectClass =
  'block w-full rounded-tremor-default border border-tremor-border bg-white px-3 py-2 text-tremor-default text-tremor-content-emphasis shadow-tremor-input focus:border-tremor-brand-subtle focus:outline-none focus:ring-2 focus:ring-tremor-brand-muted';

export function DirectoryFilters({
  query,
  options,
  clearHref,
}: {
  query: DirectoryQuery;
  options: FilterOptions;
  clearHref: string;
}) {
  const id = useId();
  return (
    <Form method="get" role="search" aria-label="Members" className="grid gap-3 md:grid-cols-[2fr_1fr_1fr_1fr_auto]">
      {query.sort !== 'name' ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir !== 'asc' ? <input type="hidden" name="dir" value={query.dir} /> : null}
      <div className="space-y-1">
        <label htmlFor={`${id}-q`} className="block text-sm font-medium text-gray-700">
          Search
        </label>
        <input
          id={`${id}-q`}
          name="q"
          type="search"
          defaultValue={query.q ?? ''}
          maxLength={100}
          placeholder="Name or email"
          className={selectClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-role`} className="block text-sm font-medium text-gray-700">
          Role
        </label>
        <select id={`${id}-role`} name="role" defaultValue={query.roleId ?? ''} className={selectClass}>
          <option value="">Any role</option>
          {options.roles.map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-team`} className="block text-sm font-medium text-gray-700">
          Team
        </label>
        <select id={`${id}-team`} name="team" defaultValue={query.teamId ?? ''} className={selectClass}>
          <option value="">Any team</option>
          {options.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-status`} className="block text-sm font-medium text-gray-700">
          Status
        </label>
        <select id={`${id}-status`} name="status" defaultValue={query.status ?? ''} className={selectClass}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
        </select>
      </div>
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="rounded-tremor-default bg-tremor-brand px-4 py-2 text-sm font-medium text-white shadow-tremor-input hover:bg-tremor-brand-emphasis focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          Apply
        </button>
        {hasFilters(query) ? (
          <Link to={clearHref} className="py-2 text-sm font-medium text-blue-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
