/** Input and output schemas of the teams procedures (server/teams/router.ts). */
import { z } from 'zod';
import { ZRowVersion } from '../shared/bounds';
import { zText } from '../shared/safeText';

/** An org chart deeper than this is a modelling mistake; the role graph uses the same limit. */
export const MAX_TEAM_DEPTH = 10;
/** Teams per organization: the tree is listed whole, so it must stay small enough to. */
export const MAX_TEAMS_PER_ORG = 1000;
/** Membership ids one addMembers call accepts. */
export const MAX_MEMBERS_PER_ADD = 100;
/** Rows the member search returns at most. */
export const MAX_MEMBER_SEARCH_RESULTS = 20;

export const TEAM_KINDS = ['team', 'department'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const ZTeamId = zText().uuid('Not a team id');
export const ZMembershipId = zText().uuid('Not a member id');
export const ZTeamKind = z.enum(TEAM_KINDS, { message: 'Choose team or department' });

const ZTeamFields = z.object({
  name: zText().trim().min(1, 'Give the team a name').max(80, 'Use at most 80 characters'),
  description: zText().trim().max(500, 'Use at most 500 characters').default(''),
  kind: ZTeamKind.default('team'),
  /** null (or absent): a top-level team. */
  parentId: ZTeamId.nullable().default(null),
});

export const ZCreateTeamInput = ZTeamFields;
export type CreateTeamInput = z.infer<typeof ZCreateTeamInput>;

export const ZUpdateTeamInput = ZTeamFields.extend({
  teamId: ZTeamId,
  /** The version the editor loaded; a save based on an older one is refused. */
  version: ZRowVersion,
});
export type UpdateTeamInput = z.infer<typeof ZUpdateTeamInput>;

export const ZGetTeamInput = z.object({ teamId: ZTeamId });

export const ZDeleteTeamInput = z.object({
  teamId: ZTeamId,
  /** When given, the delete is refused if anyone changed the team since this version. */
  version: ZRowVersion.optional(),
  /**
   * Where the team's child teams go. Required when it has any: `{ parentId: null }` makes them
   * top-level teams, `{ parentId: <id> }` moves them under that team (the deleted team's own
   * parent is what the page offers first). Without it a team with children is not deleted.
   */
  reparentChildrenTo: z.object({ parentId: ZTeamId.nullable() }).optional(),
});
export type DeleteTeamInput = z.infer<typeof ZDeleteTeamInput>;

export const ZAddMembersInput = z.object({
  teamId: ZTeamId,
  membershipIds: z
    .array(ZMembershipId)
    .min(1, 'Choose at least one member')
    .max(MAX_MEMBERS_PER_ADD, `Add at most ${MAX_MEMBERS_PER_ADD} members at once`),
});
export type AddMembersInput = z.infer<typeof ZAddMembersInput>;

export const ZRemoveMemberInput = z.object({ teamId: ZTeamId, membershipId: ZMembershipId });
export type RemoveMemberInput = z.infer<typeof ZRemoveMemberInput>;

export const ZSetLeadInput = z.object({ teamId: ZTeamId, membershipId: ZMembershipId, isLead: z.boolean() });
export type SetLeadInput = z.infer<typeof ZSetLeadInput>;

export const ZSearchMembersInput = z.object({
  query: zText().trim().max(100, 'Use at most 100 characters').default(''),
  /** Marks members already in this team, so the picker can leave them out. */
  teamId: ZTeamId.optional(),
  limit: z.number().int().min(1).max(MAX_MEMBER_SEARCH_RESULTS).default(MAX_MEMBER_SEARCH_RESULTS),
});
export type SearchMembersInput = z.infer<typeof ZSearchMembersInput>;

const ZPersonRef = z.object({ membershipId: z.string().uuid(), name: z.string(), email: z.string() });
export type PersonRef = z.infer<typeof ZPersonRef>;

const ZTeamRef = z.object({ id: z.string().uuid(), name: z.string(), kind: ZTeamKind });
export type TeamRef = z.infer<typeof ZTeamRef>;

/** One node of the org's tree as the list shows it (children are found by parentId). */
export const ZTeamNode = ZTeamRef.extend({
  parentId: z.string().uuid().nullable(),
  description: z.string(),
  memberCount: z.number().int().nonnegative(),
  leads: z.array(ZPersonRef),
  version: z.number().int().positive(),
});
export type TeamNode = z.infer<typeof ZTeamNode>;

export const ZTeamList = z.object({ teams: z.array(ZTeamNode), limit: z.number().int() });
export type TeamList = z.infer<typeof ZTeamList>;

export const ZTeamMember = ZPersonRef.extend({ isLead: z.boolean(), isActive: z.boolean() });
export type TeamMember = z.infer<typeof ZTeamMember>;

export const ZTeamView = ZTeamRef.extend({
  description: z.string(),
  parentId: z.string().uuid().nullable(),
  /** Ancestors from the top of the tree down to the direct parent. */
  path: z.array(ZTeamRef),
  children: z.array(ZTeamRef.extend({ memberCount: z.number().int().nonnegative() })),
  members: z.array(ZTeamMember),
  version: z.number().int().positive(),
  updatedAt: z.date(),
});
export type TeamView = z.infer<typeof ZTeamView>;

export const ZDeleteTeamResult = z.object({
  deleted: ZTeamRef,
  childrenMovedTo: ZTeamRef.nullable(),
  childrenMoved: z.number().int().nonnegative(),
});
export type DeleteTeamResult = z.infer<typeof ZDeleteTeamResult>;

export const ZAddMembersResult = z.object({ team: ZTeamView, added: z.number().int().nonnegative() });

export const ZMemberSearchResult = z.array(ZPersonRef.extend({ inTeam: z.boolean() }));
export type MemberSearchResult = z.infer<typeof ZMemberSearchResult>;
