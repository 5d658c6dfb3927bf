/**
 * The directory's state lives in the URL query (q, role, team, status, sort, dir, page), so a
 * view is linkable and works without JavaScript. This module reads it leniently (a malformed
 * value is dropped, not an error page) into what members.list takes, and writes links back.
 */
import {
  DEFAULT_PAGE_SIZE,
  MEMBER_SORTS,
  MEMBER_STATUSES,
  type DirectoryFilters,
  type MemberSort,
  type MemberStatus,
} from '../../../server/shared/memberSchemas';

export type DirectoryQuery = DirectoryFilters & { sort: MemberSort; dir: 'asc' | 'desc'; page: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function readDirectoryQuery(params: URLSearchParams): DirectoryQuery {
  const q = params.get('q')?.trim().slice(0, 100);
  const role = params.get('role');
  const team = params.get('team');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    ...(q ? { q } : {}),
    ...(role && UUID.test(role) ? { roleId: role } : {}),
    ...(team && UUID.test(team) ? { teamId: team } : {}),
    ...(oneOf<MemberStatus>(params.get('status'), MEMBER_STATUSES)
      ? { status: oneOf<MemberStatus>(params.get('status'), MEMBER_STATUSES) }
      : {}),
    sort: oneOf(params.get('sort'), MEMBER_SORTS) ?? 'name',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The query string for `query` (defaults left out, so links stay short). */
export function directorySearch(query: DirectoryQuery, change: Partial<DirectoryQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.roleId) params.set('role', next.roleId);
  if (next.teamId) params.set('team', next.teamId);
  if (next.status) params.set('status', next.status);
  if (next.sort !== 'name') params.set('sort', next.sort);
  if (next.dir !== 'asc') params.set('dir', next.dir);
  if (next.page > 1) params.set('page', String(next.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function hasFilters(query: DirectoryQuery): boolean {
  return Boolean(query.q || query.roleId || query.teamId || query.status);
}

export { DEFAULT_PAGE_SIZE };
