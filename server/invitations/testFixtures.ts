/**
 * Test fixtures for the invitations tests: people with real addresses and sessions, callers with
 * no session (the accept page before sign-in) that collect the cookies a response would set, and
 * the invitation emails waiting in the outbox or the sendEmail queue — the only places a plaintext
 * token exists.
 * Only imported by *.test.ts files.
 */
import { sendEmail } from '../jobs/definitions/sendEmail';
import { queueFor } from '../jobs/queues';
import { recordedJobPayloads } from '../jobs/testFixtures';
import { adminQuery } from '../../test/db';
import type { TestOrg } from '../activity/testFixtures';
import { SYSTEM_ROLES, type SystemRoleKey } from '../authz/systemRoles';
import { membershipIdOf } from '../roles/testFixtures';
import { insertMembership } from '../orgs/members';
import { signedInUser, type SignedInUser } from '../orgs/orgFixtures';
import { createContext } from '../trpc/context';
import { createCaller } from '../trpc/router';
import { withTenant } from '../tenancy/withTenant';

export type Member = SignedInUser & { membershipId: string };

/** A person with an address and a session, added to the org with one system role. */
export async function memberWithEmail(org: TestOrg, label: string, roleKey: SystemRoleKey): Promise<Member> {
  const person = await signedInUser(label);
  await withTenant(org.orgId, { type: 'user', userId: person.id }, (tx) =>
    insertMembership(tx, { orgId: org.orgId, userId: person.id, roleKey }),
  );
  return { ...person, membershipId: await membershipIdOf(org.orgId, person.id) };
}

export function roleName(key: SystemRoleKey): string {
  return SYSTEM_ROLES[key].name;
}

/** A caller without a session, as a browser opening a link; `cookies` collects Set-Cookie values. */
export async function anonymousCaller(ip = '127.0.0.1') {
  const cookies: string[] = [];
  const ctx = await createContext({ headers: {}, ip, appendSetCookie: (value) => cookies.push(value) });
  return { caller: createCaller(ctx), cookies };
}

export type QueuedMail = { to: string; subject: string; text: string; token: string };

type MailPayload = { to: string; subject: string; text: string };

/**
 * Invitation emails queued (not yet sent: no worker runs in these tests), oldest first: those the
 * relay has handed to the sendEmail queue, then those still recorded in the outbox.
 */
export async function queuedInvitationMails(): Promise<QueuedMail[]> {
  const jobs = await queueFor(sendEmail).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const queued = jobs
    .sort((a, b) => a.timestamp - b.timestamp || Number(a.id) - Number(b.id))
    .map((job) => job.data as MailPayload);
  const recorded = await recordedJobPayloads<MailPayload>(sendEmail.name);
  return [...queued, ...recorded].flatMap((data) => {
    const token = /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(data.text)?.[1];
    return token ? [{ to: data.to, subject: data.subject, text: data.text, token }] : [];
  });
}

/** The token of the newest invitation email to `email`. */
export async function tokenFor(email: string): Promise<string> {
  const mail = (await queuedInvitationMails()).filter((m) => m.to === email.toLowerCase()).at(-1);
  if (!mail) throw new Error(`no invitation email to ${email}`);
  return mail.token;
}

export async function invitationRow(invitationId: string) {
  const [row] = await adminQuery<{
    status: string;
    token_hash: string;
    send_count: number;
    expires_at: Date;
    accepted_membership_id: string | null;
  }>('select status, token_hash, send_count, expires_at, accepted_membership_id from invitations where id = $1', [
    invitationId,
  ]);
  if (!row) throw new Error(`no invitation ${invitationId}`);
  return row;
}

export async function expireInvitation(invitationId: string): Promise<void> {
  await adminQuery(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [invitationId]);
}

export async function createTeam(orgId: string, name: string): Promise<string> {
  const [row] = await adminQuery<{ id: string }>(
    'insert into teams (org_id, name) values ($1, $2) returning id::text',
    [orgId, name],
  );
  return row!.id;
}
