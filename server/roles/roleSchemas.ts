/** Input and output schemas of the roles procedures (server/roles/router.ts). */
import { z } from 'zod';
import { ZRowVersion } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { MAX_CONDITION_LENGTH } from '../authz/conditions';
import { ALL_PERMISSIONS, type Permission } from '../shared/permissions';
import { SYSTEM_ROLE_KEYS, type SystemRoleKey } from '../authz/systemRoles';

/** More parents than this is a modelling mistake, not an org chart. */
export const MAX_PARENTS = 20;
/** A member holding more roles than this is one a person can no longer reason about. */
export const MAX_MEMBER_ROLES = 20;

export const ZPermission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
export const ZRoleId = zText().uuid('Not a role id');

/** A grant as an editor sends it: a permission, optionally under a CEL condition (checked at save). */
export const ZGrant = z.object({
  permission: ZPermission,
  condition: zText()
    .trim()
    .max(MAX_CONDITION_LENGTH * 2)
    .nullish()
    .transform((value) => (value ? value : null)),
});
export type Grant = z.infer<typeof ZGrant>;

const ZRoleFields = z.object({
  name: zText().trim().min(1, 'Give the role a name').max(64, 'Use at most 64 characters'),
  description: zText().trim().max(500, 'Use at most 500 characters').default(''),
  /** Unconditional grants (the original shape, still accepted). */
  permissions: z
    .array(ZPermission)
    .max(ALL_PERMISSIONS.length * 2)
    .default([]),
  /** Grants with an optional condition; merged with `permissions`. */
  grants: z
    .array(ZGrant)
    .max(ALL_PERMISSIONS.length * 2)
    .default([]),
  parentIds: z.array(ZRoleId).max(MAX_PARENTS, `A role can inherit from at most ${MAX_PARENTS} roles`).default([]),
});

export const ZCreateRoleInput = ZRoleFields;
export type CreateRoleInput = z.infer<typeof ZCreateRoleInput>;

export const ZUpdateRoleInput = ZRoleFields.extend({
  roleId: ZRoleId,
  /** The version the editor loaded; a save based on an older one is refused. */
  version: ZRowVersion,
});
export type UpdateRoleInput = z.infer<typeof ZUpdateRoleInput>;

export const ZGetRoleInput = z.object({ roleId: ZRoleId });

export const ZRoleChangesInput = z.object({
  roleId: ZRoleId,
  /** The version the editor shows; a newer one saved before the subscription opened is reported at once. */
  knownVersion: ZRowVersion,
});

export const ZDeleteRoleInput = z.object({
  roleId: ZRoleId,
  /** Where the members holding the role go; required when anyone holds it. */
  reassignToRoleId: ZRoleId.optional(),
});
export type DeleteRoleInput = z.infer<typeof ZDeleteRoleInput>;

export const ZMemberRolesInput = z.object({ membershipId: zText().uuid('Not a member id') });

export const ZSetMemberRolesInput = z.object({
  membershipId: zText().uuid('Not a member id'),
  roleIds: z
    .array(ZRoleId)
    .min(1, 'A member must keep at least one role')
    .max(MAX_MEMBER_ROLES, `A member can hold at most ${MAX_MEMBER_ROLES} roles`),
});
export type SetMemberRolesInput = z.infer<typeof ZSetMemberRolesInput>;

const ZRoleRef = z.object({ id: z.string().uuid(), name: z.string() });
export type RoleRef = z.infer<typeof ZRoleRef>;

export const ZRoleView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string(),
  systemKey: z.enum(SYSTEM_ROLE_KEYS as [SystemRoleKey, ...SystemRoleKey[]]).nullable(),
  /** System roles cannot be edited, deleted or given parents. */
  isSystem: z.boolean(),
  /** Granted directly by this role (with or without a condition). */
  permissions: z.array(ZPermission),
  /** The direct grants with their conditions (null = unconditional). */
  grants: z.array(z.object({ permission: ZPermission, condition: z.string().nullable() })),
  parents: z.array(ZRoleRef),
  /** Direct grants plus everything inherited: what a member holding only this role may do. */
  effectivePermissions: z.array(ZPermission),
  memberCount: z.number().int().nonnegative(),
  version: z.number().int().positive(),
});
export type RoleView = z.infer<typeof ZRoleView>;

export const ZDeleteRoleResult = z.object({
  deleted: ZRoleRef,
  reassignedTo: ZRoleRef.nullable(),
  membersMoved: z.number().int().nonnegative(),
});
export type DeleteRoleResult = z.infer<typeof ZDeleteRoleResult>;

export const ZMemberRoles = z.object({
  membershipId: z.string().uuid(),
  roles: z.array(ZRoleRef),
  /** The union over the member's roles, as the next request will see it. */
  effectivePermissions: z.array(ZPermission),
});
export type MemberRoles = z.infer<typeof ZMemberRoles>;

export const ZCatalogue = z.array(
  z.object({
    resource: z.string(),
    label: z.string(),
    permissions: z.array(z.object({ key: ZPermission, action: z.string(), description: z.string() })),
  }),
);
export type Catalogue = z.infer<typeof ZCatalogue>;
