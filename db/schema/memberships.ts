import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { roles } from './roles';
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
    status: text('status', { enum: ['active', 'deactivated'] })
      .notNull()
      .default('active'),
    attributes: jsonb('attributes').$type<MemberAttributes>().notNull().default({}),
    /**
     * The member's manager in this org. The foreign key (org_id, manager_membership_id) with
     * ON DELETE SET NULL (manager_membership_id) is hand-written in 0008: drizzle cannot express
     * a column list on SET NULL, and nulling org_id too would violate NOT NULL.
     */
    managerMembershipId: uuid('manager_membership_id'),
    /** Optimistic concurrency for admins editing a member's profile and roles. */
    version: integer('version').notNull().default(1),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique('memberships_org_user_key').on(t.orgId, t.userId),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_status_idx').on(t.orgId, t.status),
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
    // Who holds a role: member counts, "role in use" checks, reassignment.
    index('member_roles_role_idx').on(t.orgId, t.roleId),
  ],
);
