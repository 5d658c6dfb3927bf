/**
 * Reading teams: the whole tree of the org with member counts and leads (one query, bounded by
 * MAX_TEAMS_PER_ORG), and one team with its members, the path down to it and its children.
 * Runs in the caller's tenant transaction; RLS limits every row to that org.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberships, teamMembers, teams, users } from '../../db/schema';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { MAX_TEAMS_PER_ORG, type PersonRef, type TeamList, type TeamView } from './teamSchemas';
import { ancestorsOf, childrenByParent, treeOf } from './teamTree';

/** The outer teams row, spelled out: inside a correlated subquery an unqualified org_id would bind inward. */
const OUTER_ORG_ID = sql.raw('"teams"."org_id"');
const OUTER_ID = sql.raw('"teams"."id"');

const memberCount = sql<number>`(
  select count(*)::int from ${teamMembers} tm where tm.org_id = ${OUTER_ORG_ID} and tm.team_id = ${OUTER_ID})`;

const leads = sql<PersonRef[]>`coalesce((
  select jsonb_agg(jsonb_build_object('membershipId', m.id, 'name', u.name, 'email', u.email) order by u.name, u.email)
    from ${teamMembers} tm
    join ${memberships} m on m.org_id = tm.org_id and m.id = tm.membership_id
    join ${users} u on u.id = m.user_id
   where tm.org_id = ${OUTER_ORG_ID} and tm.team_id = ${OUTER_ID} and tm.is_lead), '[]'::jsonb)`;

/** Every team of the org, sorted by name, each with its direct member count and its leads. */
export async function listTeams(tx: Tx, orgId: string): Promise<TeamList> {
  const rows = await tx
    .select({
      id: teams.id,
      name: teams.name,
      kind: teams.kind,
      parentId: teams.parentId,
      description: teams.description,
      version: teams.version,
      memberCount,
      leads,
    })
    .from(teams)
    .where(eq(teams.orgId, orgId))
    .orderBy(sql`lower(${teams.name})`, asc(teams.id))
    .limit(MAX_TEAMS_PER_ORG);
  return { teams: rows, limit: MAX_TEAMS_PER_ORG };
}

/** One team: its members (leads first, then by name), the path from the top, its direct children. */
export async function getTeam(tx: Tx, orgId: string, teamId: string): Promise<TeamView> {
  // One transaction is one connection: the two queries run one after the other either way.
  const all = await tx
    .select({
      id: teams.id,
      name: teams.name,
      kind: teams.kind,
      parentId: teams.parentId,
      description: teams.description,
      version: teams.version,
      updatedAt: teams.updatedAt,
      memberCount,
    })
    .from(teams)
    .where(eq(teams.orgId, orgId));
  const tree = treeOf(all);
  const team = tree.get(teamId);
  if (!team) throw new AppError('TEAM_NOT_FOUND', { teamId });
  const members = await tx
    .select({
      membershipId: teamMembers.membershipId,
      isLead: teamMembers.isLead,
      name: users.name,
      email: users.email,
      status: memberships.status,
    })
    .from(teamMembers)
    .innerJoin(memberships, and(eq(memberships.orgId, teamMembers.orgId), eq(memberships.id, teamMembers.membershipId)))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.teamId, teamId)))
    .orderBy(sql`${teamMembers.isLead} desc`, sql`lower(${users.name})`, users.email);
  const ref = ({ id, name, kind }: { id: string; name: string; kind: 'team' | 'department' }) => ({ id, name, kind });
  const children = (childrenByParent(tree).get(team.id) ?? [])
    .map((child) => ({ ...ref(child), memberCount: child.memberCount }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...ref(team),
    description: team.description,
    parentId: team.parentId,
    path: ancestorsOf(tree, team.id).map(ref),
    children,
    members: members.map(({ status, ...member }) => ({ ...member, isActive: status === 'active' })),
    version: team.version,
    updatedAt: team.updatedAt,
  };
}
