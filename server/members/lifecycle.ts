/**
 * Deactivating, reactivating and removing members. Each holds the org's role-graph lock (so the
 * last-Owner and last-manager checks cannot race a role change), refuses acting on oneself,
 * records an 'access' event naming the membership (the member's open page re-checks its access
 * within seconds) and an activity event — all in the caller's tenant transaction. Ending the
 * person's sessions happens in the same transaction; closing their open WebSockets is queued
 * for after the commit.
 */
import { and, eq, sql } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { endMemberSessions } from '../auth/endSessions';
import { assertMayActOnMember, type RoleActor } from '../authz/actorPower';
import { lockRoleGraph } from '../authz/effectivePermissions';
import { assertSeatsAvailable } from '../billing/entitlements';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { getMember } from './getMember';
import { assertNotSelf, assertOrgKeepsStewards, loadTarget, type LifecycleTarget } from './guards';
import type { LifecycleResult } from '../shared/memberSchemas';

/** The acting member: whom events name, and the power that bounds whom they may act on. */
export type MemberActor = RoleActor & { membershipId: string };

async function setStatus(tx: Tx, orgId: string, target: LifecycleTarget, status: 'active' | 'deactivated') {
  await tx
    .update(memberships)
    .set({
      status,
      deactivatedAt: status === 'deactivated' ? new Date() : null,
      version: sql`${memberships.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, target.id)));
}

async function recordLifecycle(
  tx: Tx,
  actor: MemberActor,
  target: LifecycleTarget,
  type: 'member.deactivated' | 'member.reactivated' | 'member.removed',
  extra: Record<string, unknown> = {},
) {
  const { orgId } = actor;
  await recordEvent(tx, {
    orgId,
    topic: 'access',
    type: 'access.changed',
    actorUserId: actor.userId,
    data: { membershipIds: [target.id] },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type,
    actorUserId: actor.userId,
    data: { membershipId: target.id, userId: target.userId, memberName: target.name, ...extra },
  });
}

/** Ends the person's sessions (when they are active nowhere else) and closes their sockets after commit. */
async function signOut(tx: Tx, target: LifecycleTarget): Promise<number> {
  return endMemberSessions(tx, target.id);
}

export async function deactivateMember(tx: Tx, actor: MemberActor, membershipId: string): Promise<LifecycleResult> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const target = await loadTarget(tx, orgId, membershipId);
  assertNotSelf(target, actor.membershipId, 'deactivate');
  await assertMayActOnMember(tx, actor, target.id, `deactivate ${target.name}`);
  if (target.status === 'deactivated') {
    return { member: await getMember(tx, actor, target.id), sessionsRevoked: 0 };
  }
  await assertOrgKeepsStewards(tx, orgId, target);
  await setStatus(tx, orgId, target, 'deactivated');
  const sessionsRevoked = await signOut(tx, target);
  await recordLifecycle(tx, actor, target, 'member.deactivated', { sessionsRevoked });
  return { member: await getMember(tx, actor, target.id), sessionsRevoked };
}

export async function reactivateMember(tx: Tx, actor: MemberActor, membershipId: string): Promise<LifecycleResult> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const target = await loadTarget(tx, orgId, membershipId);
  await assertMayActOnMember(tx, actor, target.id, `reactivate ${target.name}`);
  if (target.status === 'deactivated') {
    await assertSeatsAvailable(tx, orgId, 1);
    await setStatus(tx, orgId, target, 'active');
    await recordLifecycle(tx, actor, target, 'member.reactivated');
  }
  return { member: await getMember(tx, actor, target.id), sessionsRevoked: 0 };
}

/** Deletes the membership; its roles and team memberships go with it (ON DELETE CASCADE). */
export async function removeMember(tx: Tx, actor: MemberActor, membershipId: string): Promise<LifecycleResult> {
  const { orgId } = actor;
  await lockRoleGraph(tx, orgId);
  const target = await loadTarget(tx, orgId, membershipId);
  assertNotSelf(target, actor.membershipId, 'remove');
  await assertMayActOnMember(tx, actor, target.id, `remove ${target.name}`);
  await assertOrgKeepsStewards(tx, orgId, target);
  // The session function acts only on a deactivated membership: mark it so, sign out, then delete.
  if (target.status === 'active') await setStatus(tx, orgId, target, 'deactivated');
  const sessionsRevoked = await signOut(tx, { ...target, status: 'deactivated' });
  await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.id, target.id)));
  await recordLifecycle(tx, actor, target, 'member.removed', { email: target.email, sessionsRevoked });
  return { member: null, sessionsRevoked };
}
