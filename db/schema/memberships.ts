import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { users } from './users';

export type MemberAttributes = {
  department?: string;
  region?: string;
  title?: string;
  [key: string]: string | undefined;
};

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['active', 'deactivated'] }).notNull().default('active'),
    attributes: jsonb('attributes').$type<MemberAttributes>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique('memberships_org_user_key').on(t.orgId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
);

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
    unique('roles_org_name_key').on(t.orgId, t.name),
    unique('roles_org_system_key').on(t.orgId, t.systemKey),
  ],
);

/** The permission catalogue, synced from server/authz/permissions.ts on migrate. */
export const permissions = pgTable('permissions', {
  key: text('key').primaryKey(),
  description: text('description').notNull(),
});

export const rolePermissions = pgTable(
  'role_permissions',
  {
    orgId: uuid('org_id').notNull(),
    roleId: uuid('role_id').notNull(),
    permission: text('permission')
      .notNull()
      .references(() => permissions.key, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.roleId, t.permission] }),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('cascade'),
  ],
);

export const memberRoles = pgTable(
  'member_roles',
  {
    orgId: uuid('org_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    roleId: uuid('role_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.membershipId, t.roleId] }),
    foreignKey({ columns: [t.orgId, t.membershipId], foreignColumns: [memberships.orgId, memberships.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('restrict'),
  ],
);
