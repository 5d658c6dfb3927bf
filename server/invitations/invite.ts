/**
 * Inviting people: one pasted list, one outcome per address. Malformed addresses, people who are
 * already members, addresses with an open invitation (offered a resend) and addresses outside the
 * org's allowed domains are reported and skipped; the rest get an invitation each, with a fresh
 * token whose hash alone is stored. The tokens leave this module only inside the result, for the
 * caller to email after the transaction commits — a rolled-back invitation never sends a link.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { invitationRoles, invitations, invitationTeams, memberships, organizations, users } from '../../db/schema';
import type { RoleActor } from '../authz/actorPower';
import { assertSeatsAvailable } from '../billing/entitlements';
import { AppError } from '../errors';
import { isEmailDomainAllowed } from '../shared/allowedDomains';
import { recordEvent } from '../realtime/outbox';
import type { Tx } from '../tenancy/withTenant';
import { parseEmailList } from './emailList';
import { rolesToGrant, teamsToJoin } from './grants';
import type { InviteInput, InviteResult } from './schemas';
import { expiryFrom, generateInvitationToken } from './tokens';

/** An invitation to email: the only place a plaintext token exists, briefly, in memory. */
export type InvitationMail = { invitationId: string; email: string; token: string; expiresAt: Date };

export type InviteOutcomes = { results: InviteResult[]; mails: InvitationMail[] };

export async function allowedDomainsOf(tx: Tx, orgId: string): Promise<string[]> {
  const [org] = await tx
    .select({ domains: organizations.allowedEmailDomains })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new AppError('ORG_NOT_FOUND');
  return org.domains;
}

/** Members (any status) among these lower-cased addresses → their status. */
async function membersAmong(tx: Tx, emails: string[]): Promise<Map<string, 'active' | 'deactivated'>> {
  if (emails.length === 0) return new Map();
  const rows = await tx
    .select({ email: sql<string>`lower(${users.email})`, status: memberships.status })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(sql`lower(${users.email})`, emails));
  return new Map(rows.map((r) => [r.email, r.status]));
}

/** Open (pending) invitations among these addresses → their id and whether they have expired. */
export async function pendingAmong(tx: Tx, emails: string[]): Promise<Map<string, { id: string; expired: boolean }>> {
  if (emails.length === 0) return new Map();
  const rows = await tx
    .select({
      id: invitations.id,
      email: sql<string>`lower(${invitations.email})`,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .where(and(eq(invitations.status, 'pending'), inArray(sql`lower(${invitations.email})`, emails)));
  return new Map(rows.map((r) => [r.email, { id: r.id, expired: r.expired }]));
}

function skipped(input: string, email: string | null, outcome: InviteResult['outcome'], message: string, id?: string) {
  return { input, email, outcome, message, invitationId: id ?? null } satisfies InviteResult;
}

export async function inviteMany(tx: Tx, actor: RoleActor, input: InviteInput): Promise<InviteOutcomes> {
  const { orgId } = actor;
  const roles = await rolesToGrant(tx, actor, input.roleIds);
  const teams = await teamsToJoin(tx, input.teamIds);
  const allowed = await allowedDomainsOf(tx, orgId);
  const entries = parseEmailList(input.emails);
  const valid = entries.flatMap((e) => (e.email ? [e.email] : []));
  const [members, pending] = await Promise.all([membersAmong(tx, valid), pendingAmong(tx, valid)]);

  const results: InviteResult[] = [];
  const toCreate: { index: number; email: string; token: string; tokenHash: string }[] = [];
  for (const entry of entries) {
    const { input: typed, email } = entry;
    if (!email) {
      results.push(skipped(typed, null, 'invalid', 'Not a valid email address'));
    } else if (members.has(email)) {
      const message =
        members.get(email) === 'active'
          ? 'Already a member of this organization'
          : 'Already a member, but deactivated: reactivate them on the Members page';
      results.push(skipped(typed, email, 'already_member', message));
    } else if (pending.has(email)) {
      const open = pending.get(email)!;
      const message = open.expired
        ? 'Already invited, but the invitation has expired: resend it'
        : 'Already invited: resend the invitation if it did not arrive';
      results.push(skipped(typed, email, 'already_invited', message, open.id));
    } else if (!isEmailDomainAllowed(email, allowed)) {
      results.push(
        skipped(
          typed,
          email,
          'domain_not_allowed',
          `This organization only invites addresses at ${allowed.join(', ')}`,
        ),
      );
    } else {
      toCreate.push({ index: results.length, email, ...generateInvitationToken() });
      results.push(skipped(typed, email, 'invited', 'Invitation sent'));
    }
  }

  const mails: InvitationMail[] = [];
  if (toCreate.length > 0) {
    // Every open invitation holds a seat: the whole list is refused when it does not fit the plan.
    await assertSeatsAvailable(tx, orgId, toCreate.length);
    const expiresAt = expiryFrom(new Date());
    // Another admin inviting the same address at the same moment loses on the pending-email index.
    const created = await tx
      .insert(invitations)
      .values(
        toCreate.map((c) => ({
          orgId,
          email: c.email,
          tokenHash: c.tokenHash,
          invitedByUserId: actor.userId,
          expiresAt,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: invitations.id, email: invitations.email });
    const idByEmail = new Map(created.map((row) => [row.email, row.id]));
    for (const c of toCreate) {
      const id = idByEmail.get(c.email);
      if (!id) {
        results[c.index] = skipped(
          results[c.index]!.input,
          c.email,
          'already_invited',
          'Already invited a moment ago by someone else',
        );
        continue;
      }
      results[c.index] = { ...results[c.index]!, invitationId: id };
      mails.push({ invitationId: id, email: c.email, token: c.token, expiresAt });
    }
    const ids = [...idByEmail.values()];
    if (roles.length > 0 && ids.length > 0) {
      await tx
        .insert(invitationRoles)
        .values(ids.flatMap((invitationId) => roles.map((role) => ({ orgId, invitationId, roleId: role.id }))));
    }
    if (teams.length > 0 && ids.length > 0) {
      await tx
        .insert(invitationTeams)
        .values(ids.flatMap((invitationId) => teams.map((team) => ({ orgId, invitationId, teamId: team.id }))));
    }
    if (ids.length > 0) {
      await recordEvent(tx, {
        orgId,
        topic: 'invitations',
        type: 'invitation.sent',
        actorUserId: actor.userId,
        data: { invitationIds: ids },
      });
      await recordEvent(tx, {
        orgId,
        topic: 'activity',
        type: 'member.invited',
        actorUserId: actor.userId,
        data: { count: ids.length, roles: roles.map((r) => r.name) },
      });
    }
  }
  return { results, mails };
}
