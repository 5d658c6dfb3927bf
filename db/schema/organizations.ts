import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './columnTypes';

export type BillingAddress = {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
};

/** A tenant. Global table: its own id is the tenant key, guarded by an RLS policy on membership. */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    billingAddress: jsonb('billing_address').$type<BillingAddress | null>(),
    taxId: text('tax_id'),
    isolationTier: text('isolation_tier', { enum: ['shared', 'schema', 'database'] })
      .notNull()
      .default('shared'),
    region: text('region').notNull().default('default'),
    /** IANA zone in which grant conditions read the time of day (env.hour, env.weekday). */
    timezone: text('timezone').notNull().default('UTC'),
    /** Lower-case domains invitations are limited to; empty = any address may be invited. */
    allowedEmailDomains: text('allowed_email_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Audit events older than this many days are purged daily (jobs/handlers/purgeAudit.ts); 30–2555. */
    auditRetentionDays: integer('audit_retention_days').notNull().default(365),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organizations_slug_key').on(sql`lower(${t.slug})`)],
);

/** An organization's logo, kept apart so reading the org row never drags image bytes along. */
export const organizationLogos = pgTable('organization_logos', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  contentType: text('content_type').notNull(),
  data: bytea('data').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
