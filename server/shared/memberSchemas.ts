/** Input and output schemas of the members procedures (server/members/router.ts). */
import { z } from 'zod';
import { ZRowVersion } from './bounds';
import { zText } from './safeText';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;
/** Longest department, region or title we keep; SCIM and IdPs send short values. */
export const MAX_ATTRIBUTE_LENGTH = 100;

export const ZMembershipId = zText().uuid('Not a member id');
export const MEMBER_SORTS = ['name', 'email', 'joined', 'status'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const MEMBER_STATUSES = ['active', 'deactivated'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** What the directory can be narrowed by: shared by the list, the CSV export and any later row filter. */
export const ZDirectoryFilters = z.object({
  q: zText().trim().max(100, 'Search for at most 100 characters').optional(),
  roleId: zText().uuid('Not a role id').optional(),
  teamId: zText().uuid('Not a team id').optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
});
export type DirectoryFilters = z.infer<typeof ZDirectoryFilters>;

export const ZDirectoryOrder = z.object({
  sort: z.enum(MEMBER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type DirectoryOrder = z.infer<typeof ZDirectoryOrder>;

export const ZListMembersInput = ZDirectoryFilters.merge(ZDirectoryOrder).extend({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} per page`).default(DEFAULT_PAGE_SIZE),
});
export type ListMembersInput = z.infer<typeof ZListMembersInput>;

const ZRef = z.object({ id: z.string().uuid(), name: z.string() });

export const ZMemberAttributesOut = z.object({
  department: z.string().nullable(),
  region: z.string().nullable(),
  title: z.string().nullable(),
});
export type MemberAttributesOut = z.infer<typeof ZMemberAttributesOut>;

export const ZMemberRow = z.object({
  membershipId: z.string().uuid(),
  userId: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  status: z.enum(MEMBER_STATUSES),
  joinedAt: z.date(),
  deactivatedAt: z.date().nullable(),
  attributes: ZMemberAttributesOut,
  roles: z.array(ZRef),
  teams: z.array(ZRef),
});
export type MemberRow = z.infer<typeof ZMemberRow>;

export const ZMemberPage = z.object({
  rows: z.array(ZMemberRow),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pageCount: z.number().int().nonnegative(),
});
export type MemberPage = z.infer<typeof ZMemberPage>;

export const ZFilterOptions = z.object({ roles: z.array(ZRef), teams: z.array(ZRef) });
export type FilterOptions = z.infer<typeof ZFilterOptions>;

export const ZMemberIdInput = z.object({ membershipId: ZMembershipId });

export const ZMemberDetail = ZMemberRow.extend({
  manager: z.object({ membershipId: z.string().uuid(), name: z.string(), email: z.string() }).nullable(),
  version: z.number().int().positive(),
  updatedAt: z.date(),
  /** The caller is looking at their own membership (lifecycle actions on oneself are refused). */
  isSelf: z.boolean(),
  /** Permissions this member holds that the caller does not: the caller may change nothing about them. */
  permissionsYouLack: z.array(z.object({ key: z.string(), description: z.string() })),
});
export type MemberDetail = z.infer<typeof ZMemberDetail>;

const attribute = (label: string) =>
  zText()
    .trim()
    .max(MAX_ATTRIBUTE_LENGTH, `${label}: use at most ${MAX_ATTRIBUTE_LENGTH} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${label} cannot contain control characters`);

export const ZUpdateAttributesInput = z.object({
  membershipId: ZMembershipId,
  /** The version the editor loaded; a save based on an older one is refused. */
  version: ZRowVersion,
  department: attribute('Department'),
  region: attribute('Region'),
  title: attribute('Title'),
  managerMembershipId: ZMembershipId.nullable(),
});
export type UpdateAttributesInput = z.infer<typeof ZUpdateAttributesInput>;

export const ZLifecycleResult = z.object({
  member: ZMemberDetail.nullable(),
  /** How many of the person's sessions ended (0 when they are still active in another org). */
  sessionsRevoked: z.number().int().nonnegative(),
});
export type LifecycleResult = z.infer<typeof ZLifecycleResult>;

export const ZTransferOwnershipInput = z.object({ membershipId: ZMembershipId });
export const ZTransferOwnershipResult = z.object({ newOwner: ZMemberDetail, previousOwner: ZMemberDetail });

/** A batch of the directory after a keyset cursor, for exports: stable while members come and go. */
export const ZMemberBatchInput = ZDirectoryFilters.merge(ZDirectoryOrder).extend({
  /** Opaque: the `nextCursor` of the previous batch; absent for the first. */
  after: zText().max(600).optional(),
  size: z.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
});
export type MemberBatchInput = z.infer<typeof ZMemberBatchInput>;

export const ZMemberBatch = z.object({ rows: z.array(ZMemberRow), nextCursor: z.string().nullable() });
export type MemberBatch = z.infer<typeof ZMemberBatch>;
