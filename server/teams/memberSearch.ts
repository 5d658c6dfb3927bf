/**
 * The add-members picker's search: active members of the org whose name or email contains the
 * query, at most MAX_MEMBER_SEARCH_RESULTS, each marked when already in the team. Small and
 * bounded on purpose; the members directory (server/members) is the place for browsing people.
 */
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { memberships, teamMembers, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import type { MemberSearchResult, SearchMembersInput } from './teamSchemas';

/** ILIKE treats % and _ as wildcards and \ as the escape; a search for "a_b" means those characters. */
function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchMembers(tx: Tx, orgId: string, input: SearchMembersInput): Promise<MemberSearchResult> {
  const pattern = containsPattern(input.query);
  const inTeam = input.teamId
    ? sql<boolean>`exists (select 1 from ${teamMembers} tm
        where tm.org_id = ${memberships.orgId} and tm.team_id = ${input.teamId} and tm.membership_id = ${memberships.id})`
    : sql<boolean>`false`;
  return tx
    .select({ membershipId: memberships.id, name: users.name, email: users.email, inTeam })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.status, 'active'),
        input.query ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
      ),
    )
    .orderBy(sql`lower(${users.name})`, asc(users.email))
    .limit(input.limit);
}
