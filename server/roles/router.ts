/** The roles procedures: wiring only — input/output schemas, the declared permission, a service call. */
import { router } from '../trpc/init';
import { memberProcedure, orgProcedure } from '../trpc/procedures';
import { explainAccess } from './explainAccess';
import { ROLE_AUDIT } from './roleAudit';
import { listExplainMembers } from './explainMembers';
import { liveRoleChanges } from './roleChanges';
import { ZAccessExplanation, ZExplainAccessInput, ZExplainMembers, ZExplainMembersInput } from './explainSchemas';
import {
  ZCatalogue,
  ZCreateRoleInput,
  ZDeleteRoleInput,
  ZDeleteRoleResult,
  ZGetRoleInput,
  ZMemberRoles,
  ZMemberRolesInput,
  ZRoleChangesInput,
  ZRoleView,
  ZSetMemberRolesInput,
  ZUpdateRoleInput,
} from './roleSchemas';
import { roleActorOf } from '../authz/actorPower';
import { createRole, deleteRole, updateRole } from './roleService';
import { setMemberRoles } from './roleServiceAssignment';
import { permissionCatalogue } from '../shared/permissionCatalogue';
import { getMemberRoles, getRole, listRoles } from './roleServiceQueries';

const readRoles = orgProcedure.meta({ permission: 'roles:read' });
const manageRoles = orgProcedure.meta({ permission: 'roles:manage' });

export const rolesRouter = router({
  list: readRoles.output(ZRoleView.array()).query(({ ctx }) => listRoles(ctx.db, ctx.org.id)),

  get: readRoles
    .input(ZGetRoleInput)
    .output(ZRoleView)
    .query(({ ctx, input }) => getRole(ctx.db, ctx.org.id, input.roleId)),

  catalogue: readRoles.output(ZCatalogue).query(() => permissionCatalogue()),

  memberRoles: readRoles
    .input(ZMemberRolesInput)
    .output(ZMemberRoles)
    .query(({ ctx, input }) => getMemberRoles(ctx.db, ctx.org.id, input.membershipId)),

  create: manageRoles
    .meta({ audit: ROLE_AUDIT.create })
    .input(ZCreateRoleInput)
    .output(ZRoleView)
    .mutation(({ ctx, input }) => createRole(ctx.db, roleActorOf(ctx), input)),

  update: manageRoles
    .meta({ audit: ROLE_AUDIT.update })
    .input(ZUpdateRoleInput)
    .output(ZRoleView)
    .mutation(({ ctx, input }) => updateRole(ctx.db, roleActorOf(ctx), input)),

  delete: manageRoles
    .meta({ audit: ROLE_AUDIT.delete })
    .input(ZDeleteRoleInput)
    .output(ZDeleteRoleResult)
    .mutation(({ ctx, input }) => deleteRole(ctx.db, roleActorOf(ctx), input)),

  /**
   * Why a member may or may not do something. roles:manage, not roles:read (which every Viewer
   * holds): the answer shows grant conditions (IP allowlists, amount limits) and evaluates another
   * member's profile attributes, and only someone who can change roles can act on it.
   */
  explain: manageRoles
    .input(ZExplainAccessInput)
    .output(ZAccessExplanation)
    .query(({ ctx, input }) => explainAccess(ctx.db, ctx.org.id, input)),

  /**
   * Live: someone else saved or deleted the role this editor has open (who, the new version,
   * what changed, the role as it now stands). Anyone who may read the role may hear of it.
   */
  changes: memberProcedure
    .meta({ permission: 'roles:read' })
    .input(ZRoleChangesInput)
    .subscription(({ ctx, input, signal }) =>
      liveRoleChanges({
        orgId: ctx.org.id,
        roleId: input.roleId,
        knownVersion: input.knownVersion,
        actor: ctx.principal,
        signal,
      }),
    ),

  /** The explainer's member picker: one searchable, bounded page of members by name and email. */
  explainMembers: manageRoles
    .input(ZExplainMembersInput)
    .output(ZExplainMembers)
    .query(({ ctx, input }) => listExplainMembers(ctx.db, ctx.org.id, input)),

  setMemberRoles: manageRoles
    .meta({ audit: ROLE_AUDIT.setMemberRoles })
    .input(ZSetMemberRolesInput)
    .output(ZMemberRoles)
    .mutation(({ ctx, input }) => setMemberRoles(ctx.db, roleActorOf(ctx), input)),
});
