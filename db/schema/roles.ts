/**
 * Roles and what they grant. System roles (owner, admin, member, viewer, billing) are copied into
 * every organization with a system_key; custom roles have none and may inherit from several
 * parent roles (role_parents). What a role grants after inheritance is materialized in
 * role_effective_permissions whenever grants or parents change, so a request never walks the graph.
 */
import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const roles = pgTable(
  'roles',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    /** System roles carry a stable key (owner, admin, member, viewer, billing); custom roles have none. */
    systemKey: text('system_key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // "Ops" and "ops" are the same role name to a person reading a role picker.
    uniqueIndex('roles_org_lower_name_key').on(t.orgId, sql`lower(${t.name})`),
    unique('roles_org_system_key').on(t.orgId, t.systemKey),
  ],
);

/** The permission catalogue, synced from server/shared/permissions.ts on migrate. */
export const permissions = pgTable('permissions', {
  key: text('key').primaryKey(),
  description: text('description').notNull(),
});

/** What a role grants directly (not what it inherits), each grant optionally under a CEL condition. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    orgId: uuid('org_id').notNull(),
    roleId: uuid('role_id').notNull(),
    permission: text('permission')
      .notNull()
      .references(() => permissions.key, { onDelete: 'cascade' }),
    /** CEL source, compiled and checked at save (server/authz/conditions); null = unconditional. */
    condition: text('condition'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.roleId, t.permission] }),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('cascade'),
  ],
);

/**
 * Inheritance edges: role_id inherits everything parent_role_id grants. Acyclic and at most
 * MAX_INHERITANCE_DEPTH deep — checked at save (server/authz/roleGraph.ts), under a per-org lock.
 * A parent cannot be deleted while a role inherits from it (NO ACTION, checked at statement end,
 * so deleting a whole organization still cascades).
 */
export const roleParents = pgTable(
  'role_parents',
  {
    orgId: uuid('org_id').notNull(),
    roleId: uuid('role_id').notNull(),
    parentRoleId: uuid('parent_role_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.roleId, t.parentRoleId] }),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.parentRoleId], foreignColumns: [roles.orgId, roles.id] }),
    index('role_parents_parent_idx').on(t.orgId, t.parentRoleId),
  ],
);

/**
 * Everything a role grants, its own grants plus all it inherits. Written only by
 * server/authz/effectivePermissions.ts (and for system roles at org creation); read per request
 * by app_resolve_member.
 */
export const roleEffectivePermissions = pgTable(
  'role_effective_permissions',
  {
    orgId: uuid('org_id').notNull(),
    roleId: uuid('role_id').notNull(),
    permission: text('permission')
      .notNull()
      .references(() => permissions.key, { onDelete: 'cascade' }),
    /**
     * Empty: some path grants the permission unconditionally. Otherwise the conditions of every
     * conditional path (sorted, distinct); the permission holds when any of them does.
     */
    conditions: text('conditions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.roleId, t.permission] }),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('cascade'),
  ],
);
