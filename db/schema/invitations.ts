/**
 * Invitations to join an organization. The emailed token is never stored: token_hash is its
 * SHA-256 (hex), looked up before the tenant is known only through app_invitation_by_token.
 * Roles and teams to grant on acceptance live in their own tables so a deleted role or team
 * simply drops out of pending invitations instead of dangling.
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { roles } from './roles';
import { teams } from './teams';
import { users } from './users';

export const invitations = pgTable(
  'invitations',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'revoked'] })
      .notNull()
      .default('pending'),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** FK (org_id, accepted_membership_id) ON DELETE SET NULL (accepted_membership_id) is hand-written in 0008. */
    acceptedMembershipId: uuid('accepted_membership_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    // One open invitation per address and org; accepted and revoked ones stay as history.
    uniqueIndex('invitations_org_pending_email_key')
      .on(t.orgId, sql`lower(${t.email})`)
      .where(sql`${t.status} = 'pending'`),
    index('invitations_org_created_idx').on(t.orgId, t.createdAt),
  ],
);

export const invitationRoles = pgTable(
  'invitation_roles',
  {
    orgId: uuid('org_id').notNull(),
    invitationId: uuid('invitation_id').notNull(),
    roleId: uuid('role_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invitationId, t.roleId] }),
    foreignKey({ columns: [t.orgId, t.invitationId], foreignColumns: [invitations.orgId, invitations.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.orgId, t.roleId], foreignColumns: [roles.orgId, roles.id] }).onDelete('cascade'),
    index('invitation_roles_role_idx').on(t.orgId, t.roleId),
  ],
);

export const invitationTeams = pgTable(
  'invitation_teams',
  {
    orgId: uuid('org_id').notNull(),
    invitationId: uuid('invitation_id').notNull(),
    teamId: uuid('team_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.invitationId, t.teamId] }),
    foreignKey({ columns: [t.orgId, t.invitationId], foreignColumns: [invitations.orgId, invitations.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete('cascade'),
    index('invitation_teams_team_idx').on(t.orgId, t.teamId),
  ],
);
