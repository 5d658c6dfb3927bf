/**
 * Who is in a team and who leads it: add several members at once (those already in it are left
 * as they are), remove one, mark or unmark a lead (a team may have several leads, a member may
 * lead several teams). Each change bumps the team's version and writes an activity event naming
 * the people, in the caller's tenant transaction. Only members of this org can be added: ids from
 * another tenant are invisible under RLS (NOT_FOUND), and the composite foreign key would refuse
 * them anyway.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { memberships, teamMembers, teams, users } from '../../db/schema';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import type { TeamActor } from './teamActor';
import { getTeam } from './teamQueries';
import type { AddMembersInput, RemoveMemberInput, SetLeadInput, TeamView } from './teamSchemas';
import { bumpTeamVersion } from './teamStore';

async function requireTeamRow(tx: Tx, orgId: string, teamId: string): Promise<{ id: string; name: string }> {
  const [team] = await tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
    // Holds the row until commit, so a concurrent delete of the team waits for this change.
    .for('update');
  if (!team) throw new AppError('TEAM_NOT_FOUND', { teamId });
  return team;
}

async function peopleOf(tx: Tx, orgId: string, membershipIds: readonly string[]) {
  return tx
    .select({ membershipId: memberships.id, name: users.name, status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.id, [...membershipIds])));
}

export async function addTeamMembers(
  tx: Tx,
  actor: TeamActor,
  input: AddMembersInput,
): Promise<{ team: TeamView; added: number }> {
  const { orgId } = actor;
  const team = await requireTeamRow(tx, orgId, input.teamId);
  const wanted = [...new Set(input.membershipIds)];
  const people = await peopleOf(tx, orgId, wanted);
  const missing = wanted.filter((id) => !people.some((p) => p.membershipId === id));
  if (missing.length > 0) {
    throw new AppError(
      'NOT_A_MEMBER',
      missing.length === 1
        ? 'One of the chosen people is not a member of this organization'
        : `${missing.length} of the chosen people are not members of this organization`,
      { field: 'membershipIds', membershipIds: missing },
    );
  }
  const deactivated = people.filter((p) => p.status !== 'active').map((p) => p.name);
  if (deactivated.length > 0) {
    throw new AppError(
      'MEMBER_DEACTIVATED',
      `Deactivated members cannot join a team: ${deactivated.sort().join(', ')}`,
      {
        field: 'membershipIds',
      },
    );
  }

  const inserted = await tx
    .insert(teamMembers)
    .values(wanted.map((membershipId) => ({ orgId, teamId: team.id, membershipId })))
    .onConflictDoNothing()
    .returning({ membershipId: teamMembers.membershipId });
  if (inserted.length > 0) {
    const version = await bumpTeamVersion(tx, orgId, team.id);
    const added = people
      .filter((p) => inserted.some((row) => row.membershipId === p.membershipId))
      .map(({ membershipId, name }) => ({ membershipId, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    await recordEvent(tx, {
      orgId,
      topic: 'activity',
      type: 'team.member_added',
      actorUserId: actor.userId,
      data: { teamId: team.id, name: team.name, members: added, version },
    });
  }
  return { team: await getTeam(tx, orgId, team.id), added: inserted.length };
}

async function memberName(tx: Tx, orgId: string, membershipId: string): Promise<string> {
  const [person] = await peopleOf(tx, orgId, [membershipId]);
  return person?.name ?? 'A former member';
}

export async function removeTeamMember(tx: Tx, actor: TeamActor, input: RemoveMemberInput): Promise<TeamView> {
  const { orgId } = actor;
  const team = await requireTeamRow(tx, orgId, input.teamId);
  const [removed] = await tx
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.orgId, orgId),
        eq(teamMembers.teamId, team.id),
        eq(teamMembers.membershipId, input.membershipId),
      ),
    )
    .returning({ isLead: teamMembers.isLead });
  if (!removed) {
    throw new AppError('NOT_IN_TEAM', `That person is not a member of ${team.name}`, {
      membershipId: input.membershipId,
    });
  }
  const version = await bumpTeamVersion(tx, orgId, team.id);
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'team.member_removed',
    actorUserId: actor.userId,
    data: {
      teamId: team.id,
      name: team.name,
      member: { membershipId: input.membershipId, name: await memberName(tx, orgId, input.membershipId) },
      wasLead: removed.isLead,
      version,
    },
  });
  return getTeam(tx, orgId, team.id);
}

export async function setTeamLead(tx: Tx, actor: TeamActor, input: SetLeadInput): Promise<TeamView> {
  const { orgId } = actor;
  const team = await requireTeamRow(tx, orgId, input.teamId);
  const where = and(
    eq(teamMembers.orgId, orgId),
    eq(teamMembers.teamId, team.id),
    eq(teamMembers.membershipId, input.membershipId),
  );
  const [row] = await tx.select({ isLead: teamMembers.isLead }).from(teamMembers).where(where);
  if (!row) {
    throw new AppError('NOT_IN_TEAM', `That person is not a member of ${team.name}; add them first`, {
      membershipId: input.membershipId,
    });
  }
  if (row.isLead === input.isLead) return getTeam(tx, orgId, team.id);
  await tx.update(teamMembers).set({ isLead: input.isLead }).where(where);
  const version = await bumpTeamVersion(tx, orgId, team.id);
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'team.lead_changed',
    actorUserId: actor.userId,
    data: {
      teamId: team.id,
      name: team.name,
      member: { membershipId: input.membershipId, name: await memberName(tx, orgId, input.membershipId) },
      isLead: input.isLead,
      version,
    },
  });
  return getTeam(tx, orgId, team.id);
}
