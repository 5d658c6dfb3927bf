/**
 * Editing a member's profile attributes (department, region, title — what ABAC conditions read
 * as principal.*) and their manager, under optimistic concurrency on the membership's version.
 * Other attribute keys (written later by SCIM or an IdP) are kept as they are. The manager must
 * be another active member of the same org, and the reporting line must not loop back. Only
 * someone holding every permission the member holds may edit them (actorPower.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import { memberships, type MemberAttributes } from '../../db/schema';
import { assertMayActOnMember } from '../authz/actorPower';
import { AppError } from '../errors';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { getMember } from './getMember';
import type { MemberActor } from './lifecycle';
import type { MemberDetail, UpdateAttributesInput } from '../shared/memberSchemas';

export const MEMBER_CONFLICT_MESSAGE = 'Someone else changed this member; review their changes and save again';

type AttributeField = 'department' | 'region' | 'title' | 'manager';

/** The managers above `managerId`, nearest first (bounded, so a loop already stored cannot hang). */
async function reportingLineOf(tx: Tx, orgId: string, managerId: string): Promise<string[]> {
  const result = await tx.execute<{ id: string }>(sql`
    with recursive line(id, depth) as (
      select ${managerId}::uuid, 0
      union all
      select m.manager_membership_id, line.depth + 1
        from line join ${memberships} m on m.org_id = ${orgId}::uuid and m.id = line.id
       where m.manager_membership_id is not null and line.depth < 1000
    )
    select id::text as id from line`);
  return result.rows.map((row) => row.id);
}

async function assertManagerAllowed(tx: Tx, orgId: string, memberId: string, managerId: string): Promise<void> {
  if (managerId === memberId) {
    throw new AppError('INVALID_INPUT', 'A member cannot be their own manager', { field: 'managerMembershipId' });
  }
  const [manager] = await tx
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, managerId)));
  if (!manager)
    throw new AppError('INVALID_INPUT', 'That manager is not a member here', { field: 'managerMembershipId' });
  if (manager.status !== 'active') {
    throw new AppError('INVALID_INPUT', 'Choose an active member as manager', { field: 'managerMembershipId' });
  }
  if ((await reportingLineOf(tx, orgId, managerId)).includes(memberId)) {
    throw new AppError('REPORTING_LOOP', { field: 'managerMembershipId' });
  }
}

function nextAttributes(stored: MemberAttributes, input: UpdateAttributesInput): MemberAttributes {
  const next: MemberAttributes = { ...stored };
  for (const key of ['department', 'region', 'title'] as const) {
    if (input[key] === '') delete next[key];
    else next[key] = input[key];
  }
  return next;
}

export async function updateMemberAttributes(
  tx: Tx,
  actor: MemberActor,
  input: UpdateAttributesInput,
): Promise<{ member: MemberDetail; changed: AttributeField[] }> {
  const { orgId } = actor;
  const current = await getMember(tx, actor, input.membershipId);
  await assertMayActOnMember(tx, actor, current.membershipId, `change the profile of ${current.name}`);
  const conflict = async () =>
    new AppError('STALE_VERSION', MEMBER_CONFLICT_MESSAGE, {
      field: 'version',
      current: await getMember(tx, actor, input.membershipId),
    });
  if (current.version !== input.version) throw await conflict();

  const [stored] = await tx
    .select({ attributes: memberships.attributes })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, input.membershipId)));
  const attributes = nextAttributes(stored?.attributes ?? {}, input);
  const changed: AttributeField[] = (['department', 'region', 'title'] as const).filter(
    (key) => (current.attributes[key] ?? '') !== input[key],
  );
  const managerChanged = (current.manager?.membershipId ?? null) !== input.managerMembershipId;
  if (managerChanged) changed.push('manager');
  if (changed.length === 0) return { member: current, changed };
  if (managerChanged && input.managerMembershipId) {
    await assertManagerAllowed(tx, orgId, input.membershipId, input.managerMembershipId);
  }

  const saved = await tx
    .update(memberships)
    .set({
      attributes,
      managerMembershipId: input.managerMembershipId,
      version: input.version + 1,
      updatedAt: new Date(),
    })
    .where(
      and(eq(memberships.orgId, orgId), eq(memberships.id, input.membershipId), eq(memberships.version, input.version)),
    )
    .returning({ id: memberships.id });
  if (saved.length === 0) throw await conflict();

  // Conditions read these attributes: the member's open pages re-check their access.
  await recordEvent(tx, {
    orgId,
    topic: 'access',
    type: 'access.changed',
    actorUserId: actor.userId,
    data: { membershipIds: [input.membershipId] },
  });
  await recordEvent(tx, {
    orgId,
    topic: 'activity',
    type: 'member.updated',
    actorUserId: actor.userId,
    data: { membershipId: input.membershipId, memberName: current.name, fields: changed },
  });
  return { member: await getMember(tx, actor, input.membershipId), changed };
}
