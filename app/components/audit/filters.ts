/** The viewer's filters live in the URL; these read and write them (shared by the page and the export form). */
import type { AuditFilters } from '../../../server/audit/query';

export const FILTER_PARAMS = ['actor', 'actions', 'resourceType', 'resourceId', 'outcome', 'from', 'to'] as const;

function dateParam(value: string | null, endOfDay: boolean): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** Dates are whole UTC days: `to` includes its day. */
export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const text = (name: string) => search.get(name)?.trim() || undefined;
  const actions = text('actions')
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const outcome = text('outcome');
  return {
    actor: text('actor'),
    actions: actions?.length ? actions.slice(0, 20) : undefined,
    resourceType: text('resourceType'),
    resourceId: text('resourceId'),
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : undefined,
    from: dateParam(search.get('from'), false),
    to: dateParam(search.get('to'), true),
  };
}

/** The same search without the pagination and selection parameters. */
export function filterSearch(search: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = search.get(name);
    if (value) out.set(name, value);
  }
  return out;
}
