/**
 * Calls to the SECURITY DEFINER functions that answer questions asked before a tenant is known
 * (db/migrations/0001). They run outside any transaction on the runtime role; nothing else in
 * the code reads credentials or crosses tenants.
 */
import { appQuery as query } from './unavailable';
import type { MemberAttributes } from '../../db/schema/memberships';
import type { Permission } from '../authz/permissions';

export async function loginLookup(email: string): Promise<{ userId: string; passwordHash: string | null } | null> {
  const { rows } = await query<{ user_id: string; password_hash: string | null }>(
    'select * from app_login_lookup($1)',
    [email],
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

export async function resolveMember(userId: string, slug: string): Promise<MemberRecord | null> {
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
  }>('select * from app_resolve_member($1, $2)', [userId, slug]);
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

export async function userOrgs(userId: string): Promise<UserOrg[]> {
  const { rows } = await query<{
    org_id: string;
    org_slug: string;
    org_name: string;
    status: 'active' | 'deactivated';
  }>('select * from app_user_orgs($1)', [userId]);
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

export async function orgsWithPendingOutbox(limit: number): Promise<string[]> {
  const { rows } = await query<{ org_id: string }>('select org_id from app_outbox_pending_orgs($1)', [limit]);
  return rows.map((r) => r.org_id);
}

export async function allOrgIds(): Promise<string[]> {
  const { rows } = await query<{ org_id: string }>('select org_id from app_all_org_ids()');
  return rows.map((r) => r.org_id);
}
