/**
 * Teams and departments: a tree per organization (parent_id within the same org), members with
 * an optional lead flag. Depth and cycles are checked by the teams service; the composite keys
 * keep every edge inside one tenant.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { memberships } from './memberships';
import { organizations } from './organizations';

export const teams = pgTable(
  'teams',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: ['team', 'department'] })
      .notNull()
      .default('team'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.parentId],
      foreignColumns: [t.orgId, t.id],
      name: 'teams_parent_fk',
    }).onDelete('restrict'),
    uniqueIndex('teams_org_lower_name_key').on(t.orgId, sql`lower(${t.name})`),
    index('teams_parent_idx').on(t.orgId, t.parentId),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    orgId: uuid('org_id').notNull(),
    teamId: uuid('team_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    isLead: boolean('is_lead').notNull().default(false),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.teamId, t.membershipId] }),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.membershipId],
      foreignColumns: [memberships.orgId, memberships.id],
    }).onDelete('cascade'),
    // "Which teams is this member in": directory filters and the member page.
    index('team_members_membership_idx').on(t.orgId, t.membershipId),
  ],
);
