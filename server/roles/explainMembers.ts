/**
 * The member picker of the access explainer: a bounded, searchable page of the org's members by
 * name and email (never the whole list), plus the one member a link pre-selected, so a page
 * opened as "Explain access for this member" shows them even when they are not on the first page.
 * Reads only, inside the caller's tenant transaction.
 */
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { memberships, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import type { ExplainMember, ExplainMembers, ExplainMembersInput } from './explainSchemas';

/** `%` and `_` typed by a person match themselves, not any text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const MEMBER_COLUMNS = {
  membershipId: memberships.id,
  name: users.name,
  email: users.email,
  status: memberships.status,
};

export async function listExplainMembers(tx: Tx, orgId: string, input: ExplainMembersInput): Promise<ExplainMembers> {
  const search = input.search?.trim();
  const rows = await tx
    .select(MEMBER_COLUMNS)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        search ? or(ilike(users.name, likePattern(search)), ilike(users.email, likePattern(search))) : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${users.name})`), asc(sql`lower(${users.email})`), asc(memberships.id))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const members: ExplainMember[] = rows.slice(0, input.limit).map((row) => ({
    membershipId: row.membershipId,
    name: row.name,
    email: row.email,
    active: row.status === 'active',
  }));

  let selected: ExplainMember | null = members.find((m) => m.membershipId === input.selectedMembershipId) ?? null;
  if (input.selectedMembershipId && !selected) {
    const [row] = await tx
      .select(MEMBER_COLUMNS)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.id, input.selectedMembershipId)));
    selected = row
      ? { membershipId: row.membershipId, name: row.name, email: row.email, active: row.status === 'active' }
      : null;
  }
  return { members, hasMore, selected };
}
