/** The members procedures: wiring only — input/output schemas, the declared permission, a service call. */
import { z } from 'zod';
import { fromInput, type AuditDeclaration } from '../audit/declaration';
import { roleActorOf } from '../authz/actorPower';
import { router } from '../trpc/init';
import { orgProcedure } from '../trpc/procedures';
import { directoryFilterOptions, listMembers } from './directory';
import { listMemberBatch } from './directoryBatch';
import { getMember } from './getMember';
import { assertMemberReadable, readableMembersWhere } from './readScope';
import { deactivateMember, reactivateMember, removeMember } from './lifecycle';
import {
  ZFilterOptions,
  ZLifecycleResult,
  ZListMembersInput,
  ZMemberBatch,
  ZMemberBatchInput,
  ZMemberDetail,
  ZMemberIdInput,
  ZMemberPage,
  ZTransferOwnershipInput,
  ZTransferOwnershipResult,
  ZUpdateAttributesInput,
} from '../shared/memberSchemas';
import { transferOwnership } from './transferOwnership';
import { updateMemberAttributes } from './updateAttributes';

/** users:read may hang on the member read (its region, say): each read applies it (readScope.ts). */
const readMembers = orgProcedure.meta({ permission: 'users:read', checksResource: true });
const manageMembers = orgProcedure.meta({ permission: 'users:manage' });

/** A change to one membership; its request is the event's "after". */
function membershipChange(action: string): AuditDeclaration {
  return { action, resource: 'membership', id: fromInput('membershipId'), snapshot: 'request' };
}

export const membersRouter = router({
  list: readMembers
    .input(ZListMembersInput)
    .output(ZMemberPage)
    .query(({ ctx, input }) => listMembers(ctx.db, ctx.org.id, input, readableMembersWhere(ctx.access))),

  /** The same directory in keyset batches, for the CSV export. */
  batch: readMembers
    .input(ZMemberBatchInput)
    .output(ZMemberBatch)
    .query(({ ctx, input }) => listMemberBatch(ctx.db, ctx.org.id, input, readableMembersWhere(ctx.access))),

  filterOptions: readMembers.output(ZFilterOptions).query(({ ctx }) => directoryFilterOptions(ctx.db, ctx.org.id)),

  get: readMembers
    .input(ZMemberIdInput)
    .output(ZMemberDetail)
    .query(async ({ ctx, input }) => {
      const member = await getMember(ctx.db, roleActorOf(ctx), input.membershipId);
      assertMemberReadable(ctx.access, member);
      return member;
    }),

  updateAttributes: manageMembers
    .meta({ audit: membershipChange('members.updateAttributes') })
    .input(ZUpdateAttributesInput)
    .output(z.object({ member: ZMemberDetail, changed: z.array(z.enum(['department', 'region', 'title', 'manager'])) }))
    .mutation(({ ctx, input }) => updateMemberAttributes(ctx.db, roleActorOf(ctx), input)),

  deactivate: manageMembers
    .meta({ audit: membershipChange('members.deactivate') })
    .input(ZMemberIdInput)
    .output(ZLifecycleResult)
    .mutation(({ ctx, input }) => deactivateMember(ctx.db, roleActorOf(ctx), input.membershipId)),

  reactivate: manageMembers
    .meta({ audit: membershipChange('members.reactivate') })
    .input(ZMemberIdInput)
    .output(ZLifecycleResult)
    .mutation(({ ctx, input }) => reactivateMember(ctx.db, roleActorOf(ctx), input.membershipId)),

  remove: manageMembers
    .meta({ audit: membershipChange('members.remove') })
    .input(ZMemberIdInput)
    .output(ZLifecycleResult)
    .mutation(({ ctx, input }) => removeMember(ctx.db, roleActorOf(ctx), input.membershipId)),

  /** users:manage at the gate; the service also requires the caller to hold the Owner role. */
  transferOwnership: manageMembers
    .meta({ audit: membershipChange('members.transferOwnership') })
    .input(ZTransferOwnershipInput)
    .output(ZTransferOwnershipResult)
    .mutation(({ ctx, input }) => transferOwnership(ctx.db, roleActorOf(ctx), input.membershipId)),
});
