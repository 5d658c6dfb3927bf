/**
 * Seats in use: active members plus open (pending, unexpired) invitations — an invitation holds
 * its seat until it is accepted, revoked or expires, so inviting cannot overshoot the plan and
 * accepting never needs a seat the invitation did not already hold. Deactivated members hold no
 * seat. Every path that adds to the count takes the org's seat lock first, so two admins inviting
 * at once cannot both take the last seat.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../tenancy/withTenant';

export type SeatsInUse = { activeMembers: number; openInvitations: number; used: number };

/** Serializes seat-taking changes of one org until the transaction ends. */
export async function lockSeats(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`atrium:seats:${orgId}`}, 0))`);
}

export async function seatsInUse(tx: Tx, orgId: string): Promise<SeatsInUse> {
  const result = await tx.execute<{ active: number; open: number }>(sql`
    select (select count(*)::int from memberships where org_id = ${orgId}::uuid and status = 'active') as active,
           (select count(*)::int from invitations
             where org_id = ${orgId}::uuid and status = 'pending' and expires_at > now()) as open`);
  const row = result.rows[0] ?? { active: 0, open: 0 };
  return { activeMembers: row.active, openInvitations: row.open, used: row.active + row.open };
}
