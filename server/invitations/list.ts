/**
 * The invitations page's lists: open invitations (expired ones shown as expired, still
 * resendable) and the history of accepted and revoked ones, a page at a time, newest first.
 */
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { invitations, users } from '../../db/schema';
import type { Tx } from '../tenancy/withTenant';
import type { InvitationPage, InvitationRow, InvitationState, ListInput } from './schemas';

type Ref = { id: string; name: string };

const ROLES = sql<Ref[]>`coalesce((
  select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
    from invitation_roles ir join roles r on r.org_id = ir.org_id and r.id = ir.role_id
   where ir.org_id = "invitations"."org_id" and ir.invitation_id = "invitations"."id"), '[]'::json)`;

const TEAMS = sql<Ref[]>`coalesce((
  select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
    from invitation_teams it join teams t on t.org_id = it.org_id and t.id = it.team_id
   where it.org_id = "invitations"."org_id" and it.invitation_id = "invitations"."id"), '[]'::json)`;

function stateOf(status: 'pending' | 'accepted' | 'revoked', expiresAt: Date, now: Date): InvitationState {
  if (status === 'pending' && expiresAt.getTime() <= now.getTime()) return 'expired';
  return status;
}

export async function listInvitations(tx: Tx, input: ListInput, now = new Date()): Promise<InvitationPage> {
  const where =
    input.view === 'pending' ? eq(invitations.status, 'pending') : inArray(invitations.status, ['accepted', 'revoked']);
  const order =
    input.view === 'pending'
      ? [desc(invitations.createdAt), desc(invitations.id)]
      : [desc(sql`coalesce(${invitations.acceptedAt}, ${invitations.revokedAt})`), desc(invitations.id)];
  const [rows, [total]] = await Promise.all([
    tx
      .select({
        id: invitations.id,
        email: invitations.email,
        status: invitations.status,
        invitedBy: users.name,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
        sendCount: invitations.sendCount,
        lastSentAt: invitations.lastSentAt,
        acceptedAt: invitations.acceptedAt,
        acceptedMembershipId: invitations.acceptedMembershipId,
        revokedAt: invitations.revokedAt,
        roles: ROLES,
        teams: TEAMS,
      })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedByUserId))
      .where(where)
      .orderBy(...order)
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    tx.select({ n: count() }).from(invitations).where(where),
  ]);
  const items: InvitationRow[] = rows.map(({ status, ...row }) => ({
    ...row,
    state: stateOf(status, row.expiresAt, now),
  }));
  return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** One invitation of this org, for resend/revoke; null when it does not exist here. */
export async function findInvitation(tx: Tx, invitationId: string) {
  const [row] = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      status: invitations.status,
      expiresAt: invitations.expiresAt,
      lastSentAt: invitations.lastSentAt,
    })
    .from(invitations)
    .where(and(eq(invitations.id, invitationId)))
    .for('update');
  return row ?? null;
}
