/**
 * The members directory: one WHERE (memberDirectoryWhere, so a row-level condition filter can be
 * ANDed in later), one ORDER BY with a stable tiebreak on the membership id, and the rows with
 * their role names and teams gathered by correlated subqueries in the same statement — one query
 * per page, never one per member. Runs in the caller's tenant transaction; RLS keeps it to the org.
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { memberRoles, memberships, roles, teamMembers, teams, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import type {
  DirectoryFilters,
  DirectoryOrder,
  FilterOptions,
  ListMembersInput,
  MemberAttributesOut,
  MemberPage,
  MemberRow,
} from '../shared/memberSchemas';

/** The outer memberships row, qualified: inside a correlated subquery a bare column binds to the inner table. */
const OUTER_ORG_ID = sql.raw('"memberships"."org_id"');
const OUTER_ID = sql.raw('"memberships"."id"');

/** `50%_off\` searched literally: LIKE's wildcards and its escape character lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Every directory filter as one condition on memberships ⋈ users; `readable` is the reader's
 * row-level condition (server/members/readScope.ts), when users:read is conditional.
 */
export function memberDirectoryWhere(orgId: string, filters: DirectoryFilters, readable?: SQL): SQL {
  const conditions: SQL[] = [eq(memberships.orgId, orgId)];
  if (readable) conditions.push(readable);
  const q = filters.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  if (filters.status) conditions.push(eq(memberships.status, filters.status));
  if (filters.roleId) {
    conditions.push(sql`exists (select 1 from ${memberRoles} mr
      where mr.org_id = ${OUTER_ORG_ID} and mr.membership_id = ${OUTER_ID} and mr.role_id = ${filters.roleId})`);
  }
  if (filters.teamId) {
    conditions.push(sql`exists (select 1 from ${teamMembers} tm
      where tm.org_id = ${OUTER_ORG_ID} and tm.membership_id = ${OUTER_ID} and tm.team_id = ${filters.teamId})`);
  }
  return and(...conditions)!;
}

export function memberDirectoryOrder(order: DirectoryOrder): SQL[] {
  const by = order.dir === 'desc' ? desc : asc;
  const key: Record<DirectoryOrder['sort'], SQL> = {
    name: sql`lower(${users.name})`,
    email: sql`lower(${users.email})`,
    joined: sql`${memberships.createdAt}`,
    status: sql`${memberships.status}`,
  };
  return [by(key[order.sort]), asc(memberships.id)];
}

type StoredAttributes = Record<string, string | undefined>;

export function attributesOut(stored: StoredAttributes | null): MemberAttributesOut {
  const pick = (key: string) => (typeof stored?.[key] === 'string' && stored[key] !== '' ? stored[key] : null);
  return { department: pick('department'), region: pick('region'), title: pick('title') };
}

/** The directory's columns for each membership, roles and teams included. */
export function memberRowColumns() {
  return {
    membershipId: memberships.id,
    userId: memberships.userId,
    name: users.name,
    email: users.email,
    status: memberships.status,
    joinedAt: memberships.createdAt,
    deactivatedAt: memberships.deactivatedAt,
    attributes: memberships.attributes,
    roles: sql<{ id: string; name: string }[]>`coalesce((
      select jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name) order by lower(r.name), r.id)
        from ${memberRoles} mr join ${roles} r on r.org_id = mr.org_id and r.id = mr.role_id
       where mr.org_id = ${OUTER_ORG_ID} and mr.membership_id = ${OUTER_ID}), '[]'::jsonb)`,
    teams: sql<{ id: string; name: string }[]>`coalesce((
      select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by lower(t.name), t.id)
        from ${teamMembers} tm join ${teams} t on t.org_id = tm.org_id and t.id = tm.team_id
       where tm.org_id = ${OUTER_ORG_ID} and tm.membership_id = ${OUTER_ID}), '[]'::jsonb)`,
  };
}

type RawRow = Omit<MemberRow, 'attributes'> & { attributes: StoredAttributes | null };

export function toMemberRow(row: RawRow): MemberRow {
  return { ...row, attributes: attributesOut(row.attributes) };
}

/** One page of members matching `where`, in `order`. */
export async function selectMemberRows(
  tx: Tx,
  where: SQL,
  order: SQL[],
  page: { limit: number; offset: number },
): Promise<MemberRow[]> {
  const rows = await tx
    .select(memberRowColumns())
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toMemberRow);
}

export async function countMembers(tx: Tx, where: SQL): Promise<number> {
  const [row] = await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where);
  return row?.total ?? 0;
}

export async function listMembers(tx: Tx, orgId: string, input: ListMembersInput, readable?: SQL): Promise<MemberPage> {
  const where = memberDirectoryWhere(orgId, input, readable);
  const total = await countMembers(tx, where);
  const pageCount = Math.ceil(total / input.pageSize);
  const rows =
    total === 0 || input.page > pageCount
      ? []
      : await selectMemberRows(tx, where, memberDirectoryOrder(input), {
          limit: input.pageSize,
          offset: (input.page - 1) * input.pageSize,
        });
  return { rows, total, page: input.page, pageSize: input.pageSize, pageCount };
}

/** The roles and teams the directory can be filtered by. */
export async function directoryFilterOptions(tx: Tx, orgId: string): Promise<FilterOptions> {
  const roleRows = await tx
    .select({ id: roles.id, name: roles.name })
    .from(roles)
    .where(eq(roles.orgId, orgId))
    .orderBy(sql`lower(${roles.name})`, roles.id);
  const teamRows = await tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.orgId, orgId))
    .orderBy(sql`lower(${teams.name})`, teams.id);
  return { roles: roleRows, teams: teamRows };
}
