/**
 * Which members a reader may see when users:read is granted under a condition on the member read
 * (`resource.region == principal.region`, say). The directory narrows its query with the
 * condition translated to SQL (server/authz/queryFilter.ts) — never by loading every member and
 * filtering in memory — and a single member is checked with the same condition. A member the
 * reader may not see is "not found", exactly like one of another organization.
 */
import { sql, type SQL } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import type { AccessSubject, ResourceAttributes } from '../authz/can';
import { decide } from '../authz/can';
import { conditionFilter } from '../authz/queryFilter';
import { AppError } from '../errors';
import type { MemberAttributesOut } from '../shared/memberSchemas';

/** What a users:read condition may read about a member, and where each lives in the row. */
const MEMBER_RESOURCE_COLUMNS = {
  id: memberships.id,
  status: memberships.status,
  region: sql`${memberships.attributes}->>'region'`,
  department: sql`${memberships.attributes}->>'department'`,
  title: sql`${memberships.attributes}->>'title'`,
};

/** The extra WHERE for the directory: undefined when every member is readable. */
export function readableMembersWhere(access: AccessSubject): SQL | undefined {
  const filter = conditionFilter(access, 'users:read', MEMBER_RESOURCE_COLUMNS);
  if (filter.kind === 'all') return undefined;
  if (filter.kind === 'none') return sql`false`;
  return filter.where;
}

export function memberResource(member: {
  membershipId: string;
  status: string;
  attributes: MemberAttributesOut;
}): ResourceAttributes {
  const resource: Record<string, string> = { id: member.membershipId, status: member.status };
  for (const key of ['region', 'department', 'title'] as const) {
    const value = member.attributes[key];
    if (value !== null) resource[key] = value;
  }
  return resource;
}

export function assertMemberReadable(access: AccessSubject, member: Parameters<typeof memberResource>[0]): void {
  if (!decide(access, 'users:read', memberResource(member)).allowed) {
    throw new AppError('MEMBER_NOT_FOUND');
  }
}
