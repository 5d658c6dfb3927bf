/**
 * The procedure chain. Context narrows as trust grows:
 *   publicProcedure → authedProcedure (ctx.user, ctx.session: a user's session, no org yet)
 *   publicProcedure → memberProcedure (a session or an API key; ctx.org, ctx.member, permission
 *   checked) → orgProcedure (ctx.db: the tenant unit of work).
 * An API key (set on the context by the REST transport) acts as its creator (ctx.user) within its
 * own permissions (ctx.member.permissions, ctx.access), in its own org only, as the principal the
 * trail records; the gate is the same code for both callers.
 * orgProcedure is the only procedure that opens a tenant transaction: work that must wait for its
 * commit is registered with `afterCommit(ctx.db, task)` (server/tenancy/commitHooks.ts).
 * Subscriptions use memberProcedure and open short tenant transactions per read.
 */
import { z } from 'zod';
import { zText } from '../shared/safeText';
import { captureAuditBefore, recordAuditSuccess } from '../audit/auditedAction';
import { auditMutations } from '../audit/middleware';
import { enterAuditOrg } from '../audit/scope';
import {
  accessSubjectOf,
  decide,
  decideAtGate,
  type AccessDecision,
  type AccessSubject,
  type ResourceAttributes,
} from '../authz/can';
import type { Permission } from '../shared/permissions';
import { env } from '../env';
import { catalogueMessage } from '../errorCatalogue';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { ValidatedSession } from '../auth/session';
import { resolveMemberOfSession, type MemberRecord } from '../tenancy/lookups';
import type { Principal } from '../tenancy/principal';
import { withTenant } from '../tenancy/withTenant';
import type { ApiKeyCaller, SessionUser } from './context';
import { t } from './init';
import { recordActiveUser } from '../usage/activeUsers';

const appOrigin = new URL(env.APP_URL).origin;

/** Browser mutations must come from our own origin (defence in depth beside SameSite=Lax). */
const checkOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.req.origin && ctx.req.origin !== appOrigin) {
    throw new AppError('CROSS_ORIGIN_REFUSED');
  }
  return next();
});

export const publicProcedure = t.procedure.use(checkOrigin);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user || !ctx.session || !ctx.principal) throw new AppError('UNAUTHORIZED');
  // A WebSocket's context outlives requests: every message re-checks that its session has not ended.
  if (ctx.isSessionLive && !(await ctx.isSessionLive())) throw new AppError('UNAUTHORIZED');
  const principal: Principal = ctx.principal;
  return next({ ctx: { user: ctx.user, session: ctx.session, principal } });
});

/** Who may act in an org: a user's session (session set) or an API key (apiKey set, acting as its creator). */
type OrgCaller = {
  user: SessionUser;
  principal: Principal;
  session: ValidatedSession | null;
  apiKey: ApiKeyCaller | null;
};

const orgCallerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.apiKey) {
    const { actingUser, authentication } = ctx.apiKey;
    const caller: OrgCaller = {
      user: actingUser,
      principal: authentication.principal,
      session: null,
      apiKey: ctx.apiKey,
    };
    return next({ ctx: caller });
  }
  if (!ctx.user || !ctx.session || !ctx.principal) throw new AppError('UNAUTHORIZED');
  if (ctx.isSessionLive && !(await ctx.isSessionLive())) throw new AppError('UNAUTHORIZED');
  const caller: OrgCaller = { user: ctx.user, principal: ctx.principal, session: ctx.session, apiKey: null };
  return next({ ctx: caller });
});

export const ZOrgSlug = zText()
  .trim()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i, 'Not a valid organization');

export type OrgInfo = { id: string; slug: string; name: string };
export type MemberInfo = { membershipId: string; permissions: ReadonlySet<Permission> };

/** Throws PERMISSION_MISSING or CONDITION_UNMET (FORBIDDEN) with the permission and the reason when the decision denies. */
export function assertAllowed(decision: AccessDecision, permission: Permission): void {
  if (decision.allowed) return;
  const code = decision.lacksGrant ? 'PERMISSION_MISSING' : 'CONDITION_UNMET';
  throw new AppError(code, `You do not have permission to do this (${permission}): ${decision.reason}`, {
    permission,
    reason: decision.reason,
  });
}

/**
 * Refuses at the gate: FORBIDDEN carrying the permission and the reason, and one structured
 * 'access denied' info line (ids, path, permission, reason — never input, cookies or tokens).
 */
function denyAtGate(
  ctx: { log: Logger; user: { id: string } },
  where: { orgId: string; path: string },
  code: 'MEMBERSHIP_DEACTIVATED' | 'PERMISSION_UNDECLARED' | 'PERMISSION_MISSING' | 'CONDITION_UNMET',
  permission: Permission | null,
  reason: string,
  message: string,
): never {
  ctx.log.info({ orgId: where.orgId, userId: ctx.user.id, path: where.path, permission, reason }, 'access denied');
  throw new AppError(code, message, { permission, reason });
}

/** The membership a caller acts through in the org it named, or null when it may not name that org. */
type ResolvedMember = {
  org: OrgInfo;
  membershipId: string;
  status: MemberRecord['status'];
  /** Built lazily: a deactivated membership is refused before its access is needed. */
  access: () => AccessSubject;
};

function memberOfSession(
  record: MemberRecord,
  ctx: { user: SessionUser; req: { ip: string | null }; clock: () => Date },
): ResolvedMember {
  return {
    org: { id: record.orgId, slug: record.orgSlug, name: record.orgName },
    membershipId: record.membershipId,
    status: record.status,
    access: () =>
      accessSubjectOf({
        permissions: record.permissions,
        conditions: record.conditions,
        member: { id: record.membershipId, email: ctx.user.email, attributes: record.attributes },
        request: { ip: ctx.req.ip, now: ctx.clock(), timezone: record.orgTimezone },
      }),
  };
}

/**
 * A key names exactly one org, its own: any other slug answers like an unknown org. Its access was
 * resolved when it authenticated (scopes ∩ its creator's current grants, the creator's conditions),
 * and a key whose creator is not active never authenticated.
 */
function memberOfKey(key: ApiKeyCaller, orgSlug: string): ResolvedMember | null {
  if (orgSlug.toLowerCase() !== key.org.slug.toLowerCase()) return null;
  return {
    org: key.org,
    membershipId: key.authentication.creatorMembershipId,
    status: 'active',
    access: () => key.authentication.access,
  };
}

/** Resolves the org from `orgSlug`, requires an active membership and the declared permission. */
export const memberProcedure = orgCallerProcedure
  .input(z.object({ orgSlug: ZOrgSlug }))
  // Audit: every mutation from here on records an event, success or failure (server/audit/middleware.ts).
  .use(auditMutations)
  .use(async ({ ctx, input, meta, path, next }) => {
    const record = ctx.session ? await resolveMemberOfSession(ctx.session.sessionId, input.orgSlug) : null;
    const resolved = record ? memberOfSession(record, ctx) : ctx.apiKey ? memberOfKey(ctx.apiKey, input.orgSlug) : null;
    // Unknown org and "not a member" look the same, so slugs of other tenants do not leak.
    if (!resolved) throw new AppError('ORG_NOT_FOUND');
    // Audit: the org is known, so a refusal below is recorded in its trail with the reason.
    enterAuditOrg(resolved.org.id);
    const where = { orgId: resolved.org.id, path };
    const required = meta?.permission ?? null;
    if (resolved.status !== 'active') {
      const reason = catalogueMessage('MEMBERSHIP_DEACTIVATED');
      denyAtGate(ctx, where, 'MEMBERSHIP_DEACTIVATED', required, reason, reason);
    }
    if (!required) {
      const reason = catalogueMessage('PERMISSION_UNDECLARED');
      denyAtGate(ctx, where, 'PERMISSION_UNDECLARED', null, reason, reason);
    }
    const access = resolved.access();
    if (!access.permissions.has(required)) {
      denyAtGate(
        ctx,
        where,
        'PERMISSION_MISSING',
        required,
        `None of your roles grants ${required}`,
        `You do not have permission to do this (${required})`,
      );
    }
    const decision = decideAtGate(access, required, { checksResource: meta?.checksResource === true });
    if (!decision.allowed) {
      denyAtGate(
        ctx,
        where,
        'CONDITION_UNMET',
        required,
        decision.reason,
        `You do not have permission to do this (${required}): ${decision.reason}`,
      );
    }
    const org: OrgInfo = resolved.org;
    // A person acting in the org is one of its active users this hour (memory only: server/usage/activeUsers.ts).
    if (record && ctx.user) recordActiveUser(org.id, ctx.user.id);
    const member: MemberInfo = { membershipId: resolved.membershipId, permissions: access.permissions };
    /** The decision for this member and request; resolvers pass the resource they loaded. */
    const can = (permission: Permission, resource?: ResourceAttributes) => decide(access, permission, resource);
    return next({ ctx: { org, member, access, can, log: ctx.log.child({ orgId: org.id }) } });
  });

/**
 * memberProcedure for a user's session only: live streams that re-check the membership through the
 * session while they run (an API key has none and is refused).
 */
export const sessionMemberProcedure = memberProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError('UNAUTHORIZED');
  return next({ ctx: { session: ctx.session } });
});

/**
 * Runs the resolver inside the tenant unit of work; any error rolls it back. A mutation's audit
 * event (with the before/after of a sensitive action) and its activity events are written in the
 * same transaction, so they commit with the change or not at all; both audit calls are no-ops for
 * queries. After-commit tasks run once the commit succeeded, before the response.
 */
export const orgProcedure = memberProcedure.use(async ({ ctx, path, next }) =>
  withTenant(ctx.org.id, ctx.principal, async (db) => {
    await captureAuditBefore(db, path);
    const result = await next({ ctx: { db } });
    if (!result.ok) throw result.error;
    await recordAuditSuccess(db, path, result.data);
    return result;
  }),
);
