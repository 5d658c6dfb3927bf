/**
 * Calls to the SECURITY DEFINER functions that answer questions asked before a tenant is known
 * (docs/decisions/003 lists them all, with the reason for each). The pre-tenant lookups run
 * outside any transaction on the runtime role — the functions answer nothing inside withTenant or
 * withActor — and what identifies the caller is a secret (a session id, a token hash), not an id;
 * the cross-tenant lists run as a system task. Nothing else in the code reads credentials or
 * crosses tenants.
 */
import { appQuery as query } from './unavailable';
import type { MemberAttributes } from '../../db/schema/memberships';
import type { Permission } from '../shared/permissions';
import { withSystemTask } from './withTenant';

/** Sign-in only: the password hash of the account with this email, when it has a password. */
export async function loginLookup(email: string): Promise<{ userId: string; passwordHash: string } | null> {
  const { rows } = await query<{ user_id: string; password_hash: string }>('select * from app_login_lookup($1)', [
    email,
  ]);
  const row = rows[0];
  return row ? { userId: row.user_id, passwordHash: row.password_hash } : null;
}

/** Who owns an email, without their password hash (reset links, invitations, operator commands). */
export async function userIdByEmail(email: string): Promise<string | null> {
  const { rows } = await query<{ user_id: string | null }>('select app_user_id_by_email($1) as user_id', [email]);
  return rows[0]?.user_id ?? null;
}

/** The password hash of the user of a live session, to check their current password. */
export async function sessionPasswordHash(sessionId: string): Promise<{ userId: string; passwordHash: string } | null> {
  const { rows } = await query<{ user_id: string; password_hash: string }>(
    'select * from app_session_password_hash($1)',
    [sessionId],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, passwordHash: row.password_hash } : null;
}

export type SessionRecord = {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  email: string;
  name: string;
  lastOrgSlug: string | null;
};

export async function sessionLookup(sessionId: string): Promise<SessionRecord | null> {
  const { rows } = await query<{
    session_id: string;
    user_id: string;
    expires_at: Date;
    last_seen_at: Date;
    email: string;
    name: string;
    last_org_slug: string | null;
  }>('select * from app_session_lookup($1)', [sessionId]);
  const r = rows[0];
  return r
    ? {
        sessionId: r.session_id,
        userId: r.user_id,
        expiresAt: r.expires_at,
        lastSeenAt: r.last_seen_at,
        email: r.email,
        name: r.name,
        lastOrgSlug: r.last_org_slug,
      }
    : null;
}

export type MemberRecord = {
  orgId: string;
  orgSlug: string;
  orgName: string;
  membershipId: string;
  status: 'active' | 'deactivated';
  /** Every permission held, conditional or not. */
  permissions: Permission[];
  /** Permissions held only under conditions → their CEL sources (any one holding allows). */
  conditions: Partial<Record<Permission, string[]>>;
  /** Profile attributes conditions read as principal.department, region, title. */
  attributes: MemberAttributes;
  orgTimezone: string;
};

/** The membership in the org `slug` of the user of a live session; null when none or the session ended. */
export async function resolveMemberOfSession(sessionId: string, slug: string): Promise<MemberRecord | null> {
  const { rows } = await query<{
    org_id: string;
    org_slug: string;
    org_name: string;
    membership_id: string;
    status: 'active' | 'deactivated';
    permissions: Permission[];
    conditions: Partial<Record<Permission, string[]>>;
    attributes: MemberAttributes;
    org_timezone: string;
  }>('select * from app_resolve_member($1, $2)', [sessionId, slug]);
  const r = rows[0];
  return r
    ? {
        orgId: r.org_id,
        orgSlug: r.org_slug,
        orgName: r.org_name,
        membershipId: r.membership_id,
        status: r.status,
        permissions: r.permissions,
        conditions: r.conditions,
        attributes: r.attributes,
        orgTimezone: r.org_timezone,
      }
    : null;
}

export type UserOrg = { orgId: string; slug: string; name: string; status: 'active' | 'deactivated' };

/** The orgs of the user of a live session, active or not; empty when the session ended. */
export async function orgsOfSession(sessionId: string): Promise<UserOrg[]> {
  const { rows } = await query<{
    org_id: string;
    org_slug: string;
    org_name: string;
    status: 'active' | 'deactivated';
  }>('select * from app_user_orgs($1)', [sessionId]);
  return rows.map((r) => ({ orgId: r.org_id, slug: r.org_slug, name: r.org_name, status: r.status }));
}

export async function slugTaken(slug: string): Promise<boolean> {
  const { rows } = await query<{ taken: boolean }>('select app_slug_taken($1) as taken', [slug]);
  return rows[0]?.taken ?? false;
}

/** Marks a reset token used and returns its user, or null when unknown, used or expired. */
export async function consumePasswordResetToken(tokenId: string): Promise<string | null> {
  const { rows } = await query<{ user_id: string | null }>('select app_password_reset_consume($1) as user_id', [
    tokenId,
  ]);
  return rows[0]?.user_id ?? null;
}

/** POST /webhooks/stripe: the org a Stripe event is about — its customer's, else the org it names — or null. */
export async function stripeEventOrg(customerId: string | null, orgHint: string | null): Promise<string | null> {
  const { rows } = await query<{ org_id: string | null }>('select app_stripe_event_org($1, $2) as org_id', [
    customerId,
    orgHint,
  ]);
  return rows[0]?.org_id ?? null;
}

/** Records a Stripe event that no org's mirror applies (unknown customer, unhandled type); false when recorded before. */
export async function recordIgnoredStripeEvent(
  event: { id: string; type: string; created: number },
  outcome: 'unknown_customer' | 'unhandled_type',
): Promise<boolean> {
  const { rows } = await query<{ recorded: boolean | null }>(
    'select app_stripe_event_record($1, $2, $3, $4) as recorded',
    [event.id, event.type, event.created, outcome],
  );
  return rows[0]?.recorded === true;
}

export async function orgsWithPendingOutbox(limit: number): Promise<string[]> {
  const { rows } = await withSystemTask('outbox-relay', (tx) =>
    tx.$client.query<{ org_id: string }>('select org_id from app_outbox_pending_orgs($1)', [limit]),
  );
  return rows.map((r) => r.org_id);
}

export async function allOrgIds(): Promise<string[]> {
  const { rows } = await withSystemTask('cron-fan-out', (tx) =>
    tx.$client.query<{ org_id: string }>('select org_id from app_all_org_ids()'),
  );
  return rows.map((r) => r.org_id);
}

export type ApiKeyRecord = {
  orgId: string;
  keyId: string;
  name: string;
  secretHash: Buffer;
  previousSecretHash: Buffer | null;
  previousValidUntil: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  ipAllowlist: string[];
  scopes: string[];
  creator: {
    membershipId: string;
    status: 'active' | 'deactivated';
    email: string;
    permissions: Permission[];
    conditions: Partial<Record<Permission, string[]>>;
    attributes: MemberAttributes;
  };
  orgTimezone: string;
};

/** The key a token's lookup part names, with its creator's current permissions; null when none. */
export async function apiKeyByLookup(lookup: string): Promise<ApiKeyRecord | null> {
  const { rows } = await query<{
    org_id: string;
    key_id: string;
    name: string;
    secret_hash: Buffer;
    previous_secret_hash: Buffer | null;
    previous_valid_until: Date | null;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
    ip_allowlist: string[];
    scopes: string[];
    creator_membership_id: string;
    creator_status: 'active' | 'deactivated';
    creator_email: string;
    creator_permissions: Permission[];
    creator_conditions: Partial<Record<Permission, string[]>>;
    creator_attributes: MemberAttributes;
    org_timezone: string;
  }>('select * from app_api_key_lookup($1)', [lookup]);
  const r = rows[0];
  return r
    ? {
        orgId: r.org_id,
        keyId: r.key_id,
        name: r.name,
        secretHash: r.secret_hash,
        previousSecretHash: r.previous_secret_hash,
        previousValidUntil: r.previous_valid_until,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
        ipAllowlist: r.ip_allowlist,
        scopes: r.scopes,
        creator: {
          membershipId: r.creator_membership_id,
          status: r.creator_status,
          email: r.creator_email,
          permissions: r.creator_permissions,
          conditions: r.creator_conditions,
          attributes: r.creator_attributes,
        },
        orgTimezone: r.org_timezone,
      }
    : null;
}
