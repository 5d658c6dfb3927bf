/** The teams procedures: wiring only — input/output schemas, the declared permission, a service call. */
import { fromInput, fromOutput } from '../audit/declaration';
import { roleActorOf } from '../authz/actorPower';
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { createTeam } from './createTeam';
import { deleteTeam } from './deleteTeam';
import { searchMembers } from './memberSearch';
import { addTeamMembers, removeTeamMember, setTeamLead } from './teamMembership';
import { getTeam, listTeams } from './teamQueries';
import {
  ZAddMembersInput,
  ZAddMembersResult,
  ZCreateTeamInput,
  ZDeleteTeamInput,
  ZDeleteTeamResult,
  ZGetTeamInput,
  ZMemberSearchResult,
  ZRemoveMemberInput,
  ZSearchMembersInput,
  ZSetLeadInput,
  ZTeamList,
  ZTeamView,
  ZUpdateTeamInput,
} from './teamSchemas';
import { updateTeam } from './updateTeam';

const readTeams = orgProcedure.meta({ permission: 'users:read' });
const manageTeams = orgProcedure.meta({ permission: 'teams:manage' });

export const teamsRouter = router({
  list: readTeams.output(ZTeamList).query(({ ctx }) => listTeams(ctx.db, ctx.org.id)),

  get: readTeams
    .input(ZGetTeamInput)
    .output(ZTeamView)
    .query(({ ctx, input }) => getTeam(ctx.db, ctx.org.id, input.teamId)),

  /** The add-members picker: needs teams:manage, the permission of what it is for. */
  searchMembers: manageTeams
    .input(ZSearchMembersInput)
    .output(ZMemberSearchResult)
    .query(({ ctx, input }) => searchMembers(ctx.db, ctx.org.id, input)),

  create: manageTeams
    .meta({ audit: { action: 'teams.create', resource: 'team', id: fromOutput('id') } })
    .input(ZCreateTeamInput)
    .output(ZTeamView)
    .mutation(({ ctx, input }) => createTeam(ctx.db, roleActorOf(ctx), input)),

  update: manageTeams
    .meta({ audit: { action: 'teams.update', resource: 'team', id: fromInput('teamId') } })
    .input(ZUpdateTeamInput)
    .output(ZTeamView)
    .mutation(({ ctx, input }) => updateTeam(ctx.db, roleActorOf(ctx), input)),

  delete: manageTeams
    .meta({ audit: { action: 'teams.delete', resource: 'team', id: fromInput('teamId') } })
    .input(ZDeleteTeamInput)
    .output(ZDeleteTeamResult)
    .mutation(({ ctx, input }) => deleteTeam(ctx.db, roleActorOf(ctx), input)),

  addMembers: manageTeams
    .meta({ audit: { action: 'teams.addMembers', resource: 'team', id: fromInput('teamId') } })
    .input(ZAddMembersInput)
    .output(ZAddMembersResult)
    .mutation(({ ctx, input }) => addTeamMembers(ctx.db, roleActorOf(ctx), input)),

  removeMember: manageTeams
    .meta({ audit: { action: 'teams.removeMember', resource: 'team', id: fromInput('teamId') } })
    .input(ZRemoveMemberInput)
    .output(ZTeamView)
    .mutation(({ ctx, input }) => removeTeamMember(ctx.db, roleActorOf(ctx), input)),

  setLead: manageTeams
    .meta({ audit: { action: 'teams.setLead', resource: 'team', id: fromInput('teamId') } })
    .input(ZSetLeadInput)
    .output(ZTeamView)
    .mutation(({ ctx, input }) => setTeamLead(ctx.db, roleActorOf(ctx), input)),
});
