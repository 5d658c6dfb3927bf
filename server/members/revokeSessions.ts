/**
 * Signing a deactivated (or about to be removed) member out, through app_revoke_member_sessions
 * (db/migrations/0008): sessions are not tenant rows, so only that definer function may end
 * another user's sessions — and it does so only when the person is active in no other org.
 * Must run in the tenant transaction after the membership is marked deactivated.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../tenancy/withTenant';

export async function revokeMemberSessions(tx: Tx, membershipId: string): Promise<{ revoked: number }> {
  const result = await tx.execute<{ user_id: string | null; revoked: number }>(
    sql`select * from app_revoke_member_sessions(${membershipId}::uuid)`,
  );
  const row = result.rows[0];
  return { revoked: row?.revoked ?? 0 };
}
