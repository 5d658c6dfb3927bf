/** Input and output of roles.explain (server/roles/explainAccess.ts). */
import { z } from 'zod';
import { zDate } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { ZPermission } from './roleSchemas';

export const ZResourceAttributes = z
  .record(zText().max(64), z.union([zText().max(500), z.number(), z.boolean()]))
  .refine((value) => Object.keys(value).length <= 50, 'At most 50 resource attributes');

export const ZExplainAccessInput = z.object({
  membershipId: zText().uuid('Not a member id'),
  permission: ZPermission,
  resource: ZResourceAttributes.optional(),
  /** The member's request as the explainer should imagine it; unknown by default (IP conditions then deny). */
  ip: zText().ip().optional(),
  /** The moment to imagine; now by default. */
  at: zDate().optional(),
});
export type ExplainAccessInput = z.infer<typeof ZExplainAccessInput>;

export const ZAccessStep = z.object({
  /** The role the member holds. */
  role: z.string(),
  /** Roles walked from `role` up to the one holding the grant, nearest first; absent when `role` grants it directly. */
  inheritedFrom: z.array(z.string()).optional(),
  grant: z.object({ permission: ZPermission, condition: z.string().optional() }),
  /** Only for conditional grants: what the condition gave, or why it could not be evaluated. */
  conditionResult: z.object({ value: z.boolean().nullable(), error: z.string().optional() }).optional(),
  /** Only for conditional grants: whether the condition reads resource attributes (`resource.…`). */
  readsResource: z.boolean().optional(),
  /** Whether this path on its own allows. */
  allows: z.boolean(),
  /** "Finance → inherited from Billing → grant invoices:read → condition resource.amount < 100000 → false" */
  description: z.string(),
});
export type AccessStep = z.infer<typeof ZAccessStep>;

export const ZAccessExplanation = z.object({
  allowed: z.boolean(),
  chain: z.array(ZAccessStep),
  reason: z.string(),
});
export type AccessExplanation = z.infer<typeof ZAccessExplanation>;

export const MAX_EXPLAIN_MEMBERS = 50;

export const ZExplainMembersInput = z.object({
  /** Part of a name or email; empty lists everyone (one page). */
  search: zText().trim().max(100, 'Use at most 100 characters').optional(),
  limit: z.number().int().min(1).max(MAX_EXPLAIN_MEMBERS).default(25),
  /** A member to return even when not on this page (the explainer was opened for them). */
  selectedMembershipId: zText().uuid('Not a member id').optional(),
});
export type ExplainMembersInput = z.infer<typeof ZExplainMembersInput>;

export const ZExplainMember = z.object({
  membershipId: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
});
export type ExplainMember = z.infer<typeof ZExplainMember>;

export const ZExplainMembers = z.object({
  members: z.array(ZExplainMember),
  /** More members match than were returned: search to narrow. */
  hasMore: z.boolean(),
  /** The selected member, or null when that id is not a member of this org. */
  selected: ZExplainMember.nullable(),
});
export type ExplainMembers = z.infer<typeof ZExplainMembers>;
