/** One member as the member page shows it: the directory row plus manager, version and whether it is the caller. */
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { memberships, users } from '../../db/schema';
import { permissionsBeyond, type RoleActor } from '../authz/actorPower';
import { PERMISSIONS } from '../shared/permissions';
import { AppError } from '../errors';
import type { Tx } from '../tenancy/withTenant';
import { memberRowColumns, toMemberRow } from './directory';
import type { MemberDetail } from '../shared/memberSchemas';

const manager = alias(memberships, 'manager');
const managerUser = alias(users, 'manager_user');

/**
 * NOT_FOUND for an id of another org too: RLS hides it, and the message is the same. Says which of
 * the member's permissions the caller lacks, so the page offers no change the server would refuse.
 */
export async function getMember(
  tx: Tx,
  caller: RoleActor & { membershipId: string },
  membershipId: string,
): Promise<MemberDetail> {
  const orgId = caller.orgId;
  const [row] = await tx
    .select({
      ...memberRowColumns(),
      version: memberships.version,
      updatedAt: memberships.updatedAt,
      managerId: manager.id,
      managerName: managerUser.name,
      managerEmail: managerUser.email,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      manager,
      and(eq(manager.orgId, memberships.orgId), eq(manager.id, sql`${memberships.managerMembershipId}`)),
    )
    .leftJoin(managerUser, eq(managerUser.id, manager.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, membershipId)));
  if (!row) throw new AppError('MEMBER_NOT_FOUND');
  const { managerId, managerName, managerEmail, version, updatedAt, ...rest } = row;
  return {
    ...toMemberRow(rest),
    manager:
      managerId && managerName !== null && managerEmail !== null
        ? { membershipId: managerId, name: managerName, email: managerEmail }
        : null,
    version,
    updatedAt,
    isSelf: row.membershipId === caller.membershipId,
    permissionsYouLack: (await permissionsBeyond(tx, caller, row.membershipId)).map((key) => ({
      key,
      description: PERMISSIONS[key],
    })),
  };
}
