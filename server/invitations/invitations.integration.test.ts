/**
 * Invitations against real PostgreSQL (RLS, column grants, the definer lookup) and Redis (the
 * queued emails, rate limits): inviting many with one outcome per address, the domain allowlist,
 * no escalation, tokens stored only as hashes, link states, accepting as a new or an existing
 * person, single use under concurrency, resend and revoke, and tenant isolation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, type TestOrg } from '../activity/testFixtures';
import { auditRowsOf } from '../audit/testFixtures';
import { subscribeOrg } from '../billing/testFixtures';
import { caught, systemRoleId } from '../roles/testFixtures';
import { callerFor, signedInUser } from '../orgs/orgFixtures';
import {
  anonymousCaller,
  createTeam,
  expireInvitation,
  invitationRow,
  memberWithEmail,
  queuedInvitationMails,
  tokenFor,
  type Member,
} from './testFixtures';
import { hashInvitationToken } from './tokens';

let org: TestOrg;
let owner: Member;
let admin: Member;
let viewer: Member;

const unique = () => Math.random().toString(36).slice(2, 10);
const address = (label: string) => `${label}.${unique()}@example.test`;

beforeAll(async () => {
  org = await createTestOrg('inv');
  // These tests invite more people than Free's five seats (seat limits: server/billing/).
  await subscribeOrg(org.orgId, 'enterprise');
  owner = await memberWithEmail(org, 'Inv Owner', 'owner');
  admin = await memberWithEmail(org, 'Inv Admin', 'admin');
  viewer = await memberWithEmail(org, 'Inv Viewer', 'viewer');
});

async function inviteOne(email: string, extra: { roleIds?: string[]; teamIds?: string[] } = {}) {
  const { results } = await admin.caller.invitations.invite({ orgSlug: org.slug, emails: email, ...extra });
  expect(results).toHaveLength(1);
  expect(results[0]).toMatchObject({ outcome: 'invited' });
  return { invitationId: results[0]!.invitationId!, token: await tokenFor(email) };
}

describe('invitations.invite', () => {
  it('reports one outcome per pasted address and invites only the good ones', async () => {
    const fresh = address('fresh');
    const second = address('second');
    const pending = address('pending');
    await inviteOne(pending);
    const { results } = await admin.caller.invitations.invite({
      orgSlug: org.slug,
      emails: `${fresh}, not-an-address\n${viewer.email.toUpperCase()} ${pending}; <${second}>\n${fresh}`,
    });
    expect(results.map((r) => [r.input, r.outcome])).toEqual([
      [fresh, 'invited'],
      ['not-an-address', 'invalid'],
      [viewer.email.toUpperCase(), 'already_member'],
      [pending, 'already_invited'],
      [second, 'invited'],
    ]);
    expect(results[1]!.message).toBe('Not a valid email address');
    expect(results[2]!.message).toBe('Already a member of this organization');
    expect(results[3]!.message).toMatch(/^Already invited: resend/);
    expect(results[3]!.invitationId).toEqual(expect.any(String));

    const mails = await queuedInvitationMails();
    const toFresh = mails.filter((m) => m.to === fresh);
    expect(toFresh).toHaveLength(1);
    expect(toFresh[0]!.subject).toBe(`${admin.name} invited you to join Org inv on Atrium`);
    expect(toFresh[0]!.text).toContain(`http://localhost:3000/invite/${toFresh[0]!.token}`);
    expect(mails.filter((m) => m.to === pending)).toHaveLength(1);
  });

  it('refuses an empty list and more than 50 addresses', async () => {
    const empty = await caught(admin.caller.invitations.invite({ orgSlug: org.slug, emails: ' ,\n ' }));
    expect(empty.code).toBe('BAD_REQUEST');
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.test`).join('\n');
    const tooMany = await caught(admin.caller.invitations.invite({ orgSlug: org.slug, emails: many }));
    expect(tooMany.code).toBe('BAD_REQUEST');
  });

  it('stores only the SHA-256 of the token; the plaintext is nowhere in the database', async () => {
    const email = address('hashed');
    const { invitationId, token } = await inviteOne(email);
    const row = await invitationRow(invitationId);
    expect(row.token_hash).toBe(hashInvitationToken(token));
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const [found] = await adminQuery<{ n: string }>(
      `select count(*)::text as n from invitations i where i::text like '%' || $1 || '%'`,
      [token],
    );
    expect(found?.n).toBe('0');
    const [inOutbox] = await adminQuery<{ n: string }>(
      `select count(*)::text as n from outbox o where o.data::text like '%' || $1 || '%'`,
      [token],
    );
    expect(inOutbox?.n).toBe('0');
  });

  it('limits invitations to the allowed domains', async () => {
    const domainOrg = await createTestOrg('invdom');
    const boss = await memberWithEmail(domainOrg, 'Dom Admin', 'admin');
    await adminQuery(`update organizations set allowed_email_domains = '{acme.test,acme.example}' where id = $1`, [
      domainOrg.orgId,
    ]);
    const { results } = await boss.caller.invitations.invite({
      orgSlug: domainOrg.slug,
      emails: `ok.${unique()}@ACME.test other.${unique()}@evil.test sub.${unique()}@eu.acme.test`,
    });
    expect(results.map((r) => r.outcome)).toEqual(['invited', 'domain_not_allowed', 'domain_not_allowed']);
    expect(results[1]!.message).toBe('This organization only invites addresses at acme.test, acme.example');
  });

  it('refuses to grant a role with permissions the inviter does not hold', async () => {
    const ownerRole = await systemRoleId(org.orgId, 'owner');
    const error = await caught(
      admin.caller.invitations.invite({ orgSlug: org.slug, emails: address('boss'), roleIds: [ownerRole] }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      'You cannot invite people as Owner: it grants permissions you do not hold: Change plan and payment methods (billing:manage)',
    );
    const options = await admin.caller.invitations.options({ orgSlug: org.slug });
    expect(options.roles.find((r) => r.name === 'Owner')).toMatchObject({ canGrant: false });
    expect(options.roles.find((r) => r.name === 'Admin')).toMatchObject({ canGrant: true });
  });

  it('needs users:invite', async () => {
    const error = await caught(viewer.caller.invitations.invite({ orgSlug: org.slug, emails: address('x') }));
    expect(error.code).toBe('FORBIDDEN');
    const list = await caught(viewer.caller.invitations.list({ orgSlug: org.slug }));
    expect(list.code).toBe('FORBIDDEN');
  });
});

describe('invitations.preview', () => {
  it('shows the org, the inviter and the address; explains expired, used and revoked links', async () => {
    const email = address('preview');
    const { invitationId, token } = await inviteOne(email);
    const { caller } = await anonymousCaller();
    expect(await caller.invitations.preview({ token })).toEqual({
      state: 'valid',
      message: null,
      org: { slug: org.slug, name: 'Org inv' },
      email,
      inviterName: admin.name,
      expiresAt: expect.any(Date),
    });

    await expireInvitation(invitationId);
    expect(await caller.invitations.preview({ token })).toMatchObject({
      state: 'expired',
      message: `This invitation to Org inv has expired. Ask ${admin.name} to send you a new one.`,
    });

    const revoked = await inviteOne(address('revoked'));
    await admin.caller.invitations.revoke({ orgSlug: org.slug, invitationId: revoked.invitationId });
    expect(await caller.invitations.preview({ token: revoked.token })).toMatchObject({
      state: 'revoked',
      message: `This invitation to Org inv was revoked. Ask ${admin.name} if you still need access.`,
    });

    const unknown = await caught(caller.invitations.preview({ token: 'A'.repeat(43) }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toMatch(/^This invitation link is not valid/);
    const malformed = await caught(caller.invitations.preview({ token: 'short' }));
    expect(malformed.code).toBe('BAD_REQUEST');
  });
});

describe('accepting', () => {
  it('a new person sets name and password, is signed in and joins with the roles and teams', async () => {
    const email = address('newbie');
    const teamId = await createTeam(org.orgId, `Support ${unique()}`);
    const adminRole = await systemRoleId(org.orgId, 'admin');
    const viewerRole = await systemRoleId(org.orgId, 'viewer');
    const { invitationId, token } = await inviteOne(email, { roleIds: [adminRole, viewerRole], teamIds: [teamId] });

    const { caller, cookies } = await anonymousCaller();
    const weak = await caught(caller.invitations.acceptNewUser({ token, name: 'Nina New', password: 'short' }));
    expect(weak.code).toBe('BAD_REQUEST');

    const result = await caller.invitations.acceptNewUser({ token, name: 'Nina New', password: 'a long passphrase' });
    expect(result.orgSlug).toBe(org.slug);
    expect(cookies.some((c) => c.startsWith('atrium_session='))).toBe(true);

    const [user] = await adminQuery<{ id: string; name: string; password_hash: string }>(
      'select id::text, name, password_hash from users where lower(email) = $1',
      [email],
    );
    expect(user).toMatchObject({ name: 'Nina New', password_hash: expect.stringMatching(/^\$argon2id\$/) });
    const roles = await adminQuery<{ name: string }>(
      `select r.name from member_roles mr join roles r on r.org_id = mr.org_id and r.id = mr.role_id
        where mr.membership_id = $1 order by r.name`,
      [result.membershipId],
    );
    expect(roles.map((r) => r.name)).toEqual(['Admin', 'Viewer']);
    const teams = await adminQuery('select 1 from team_members where team_id = $1 and membership_id = $2', [
      teamId,
      result.membershipId,
    ]);
    expect(teams).toHaveLength(1);
    expect(await invitationRow(invitationId)).toMatchObject({
      status: 'accepted',
      accepted_membership_id: result.membershipId,
    });
    const events = await adminQuery<{ topic: string; type: string; actor: string }>(
      `select topic, type, actor_user_id::text as actor from outbox
        where org_id = $1 and (data->>'membershipId' = $2) order by id`,
      [org.orgId, result.membershipId],
    );
    // Activity events are written just before COMMIT (their ids follow commit order), after the others.
    expect(events.map((e) => `${e.topic}:${e.type}`)).toEqual([
      'invitations:invitation.accepted',
      'activity:invitation.accepted',
      'activity:member.joined',
    ]);

    // The link worked once.
    const again = await anonymousCaller();
    const used = await caught(
      again.caller.invitations.acceptNewUser({ token, name: 'X', password: 'a long passphrase' }),
    );
    expect(used.code).toBe('CONFLICT');
    expect(used.message).toBe('This invitation to Org inv has already been used. Sign in to open Org inv.');
  });

  it('records the acceptance in the audit trail, with who accepted and what they joined as', async () => {
    const email = address('audited');
    const { invitationId, token } = await inviteOne(email);
    const { caller } = await anonymousCaller();
    const { membershipId } = await caller.invitations.acceptNewUser({
      token,
      name: 'Ada',
      password: 'a long passphrase',
    });
    const events = (await auditRowsOf(org.orgId, 'invitations.accept')).filter((e) => e.resource_id === invitationId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: 'success',
      actor_type: 'user',
      actor_email: email,
      resource_type: 'invitation',
      after: { membershipId, roles: ['Member'], teamIds: [] },
    });
    expect(events[0]?.request_id).toMatch(/.+/);
  });

  it('joins as Member when the invitation names no role', async () => {
    const email = address('plain');
    const { token } = await inviteOne(email);
    const { caller } = await anonymousCaller();
    const { membershipId } = await caller.invitations.acceptNewUser({
      token,
      name: 'Pat',
      password: 'a long passphrase',
    });
    const [role] = await adminQuery<{ name: string }>(
      `select r.name from member_roles mr join roles r on r.org_id = mr.org_id and r.id = mr.role_id
        where mr.membership_id = $1`,
      [membershipId],
    );
    expect(role?.name).toBe('Member');
  });

  it('an existing person signed in with the invited address joins; the org is remembered as their last', async () => {
    const person = await signedInUser('Existing Erin');
    const { invitationId, token } = await inviteOne(person.email.toUpperCase());
    const result = await person.caller.invitations.acceptAsCurrentUser({ token });
    expect(result.orgSlug).toBe(org.slug);
    expect(await invitationRow(invitationId)).toMatchObject({ status: 'accepted' });

    // One person, several orgs: their own org and this one; `/` takes them to the last one visited.
    const own = await person.caller.orgs.create({ name: 'Erin Side Org' });
    const orgs = await person.caller.orgs.mine();
    expect(orgs.map((o) => o.slug).sort()).toEqual([org.slug, own.slug].sort());
    await person.caller.orgs.visit({ orgSlug: org.slug });
    const fresh = await callerFor(person.id);
    expect(await fresh.account.home({})).toEqual({ redirectTo: `/o/${org.slug}` });
    await fresh.orgs.visit({ orgSlug: own.slug });
    expect(await (await callerFor(person.id)).account.home({})).toEqual({ redirectTo: `/o/${own.slug}` });
  });

  it('refuses a signed-in person whose address differs, with both addresses in the message', async () => {
    const email = address('someone');
    const { invitationId, token } = await inviteOne(email);
    const error = await caught(viewer.caller.invitations.acceptAsCurrentUser({ token }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(
      `This invitation is for ${email}; you are signed in as ${viewer.email}. Sign out, then open the link again.`,
    );
    const asNew = await caught(
      viewer.caller.invitations.acceptNewUser({ token, name: 'V', password: 'a long passphrase' }),
    );
    expect(asNew.message).toBe(error.message);
    expect(await invitationRow(invitationId)).toMatchObject({ status: 'pending' });
  });

  it('tells an existing member they already belong, and a new-account attempt for a known address to sign in', async () => {
    const outsider = await signedInUser('Known Kim');
    const { token } = await inviteOne(outsider.email);
    const { caller } = await anonymousCaller();
    const exists = await caught(
      caller.invitations.acceptNewUser({ token, name: 'Kim', password: 'a long passphrase' }),
    );
    expect(exists.code).toBe('CONFLICT');
    expect(exists.message).toBe(
      `An account for ${outsider.email} already exists. Sign in as ${outsider.email}, then open the link again to join.`,
    );
    await outsider.caller.invitations.acceptAsCurrentUser({ token });

    // Invited again after joining (e.g. by a second admin before the list refreshed): refused at invite.
    const { results } = await admin.caller.invitations.invite({ orgSlug: org.slug, emails: outsider.email });
    expect(results[0]).toMatchObject({ outcome: 'already_member' });
  });

  it('refuses expired and revoked links with their reason', async () => {
    const expired = await inviteOne(address('late'));
    await expireInvitation(expired.invitationId);
    const { caller } = await anonymousCaller();
    const late = await caught(
      caller.invitations.acceptNewUser({ token: expired.token, name: 'L', password: 'a long passphrase' }),
    );
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/^This invitation to Org inv has expired\./);

    const revoked = await inviteOne(address('gone'));
    await admin.caller.invitations.revoke({ orgSlug: org.slug, invitationId: revoked.invitationId });
    const gone = await caught(
      caller.invitations.acceptNewUser({ token: revoked.token, name: 'G', password: 'a long passphrase' }),
    );
    expect(gone.message).toMatch(/^This invitation to Org inv was revoked\./);
    const revokeAgain = await caught(
      admin.caller.invitations.revoke({ orgSlug: org.slug, invitationId: revoked.invitationId }),
    );
    expect(revokeAgain.code).toBe('CONFLICT');
  });

  it('exactly one of two simultaneous accepts wins', async () => {
    const email = address('race');
    const { token } = await inviteOne(email);
    const [a, b] = await Promise.all([anonymousCaller(), anonymousCaller()]);
    const outcomes = await Promise.allSettled([
      a.caller.invitations.acceptNewUser({ token, name: 'Racer A', password: 'a long passphrase' }),
      b.caller.invitations.acceptNewUser({ token, name: 'Racer B', password: 'a long passphrase' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const users = await adminQuery('select 1 from users where lower(email) = $1', [email]);
    expect(users).toHaveLength(1);

    const person = await signedInUser('Double Dee');
    const second = await inviteOne(person.email);
    const twice = await Promise.allSettled([
      person.caller.invitations.acceptAsCurrentUser({ token: second.token }),
      (await callerFor(person.id)).invitations.acceptAsCurrentUser({ token: second.token }),
    ]);
    expect(twice.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const memberships = await adminQuery('select 1 from memberships where org_id = $1 and user_id = $2', [
      org.orgId,
      person.id,
    ]);
    expect(memberships).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('limits accept attempts per IP address; successes are refunded', async () => {
    const { caller } = await anonymousCaller('203.0.113.9');
    const { token } = await inviteOne(address('limited'));
    await caller.invitations.acceptNewUser({ token, name: 'Lim', password: 'a long passphrase' });
    const unknown = 'B'.repeat(43);
    for (let i = 0; i < 20; i++) {
      const attempt = await caught(
        caller.invitations.acceptNewUser({ token: unknown, name: 'X', password: 'a long passphrase' }),
      );
      expect(attempt.code).toBe('NOT_FOUND');
    }
    const limited = await caught(
      caller.invitations.acceptNewUser({ token: unknown, name: 'X', password: 'a long passphrase' }),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.message).toMatch(/^Too many attempts, try again in \d+ minutes?$/);
    // Another address is not affected.
    const other = await anonymousCaller('203.0.113.10');
    expect(
      (
        await caught(
          other.caller.invitations.acceptNewUser({ token: unknown, name: 'X', password: 'a long passphrase' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('resend, revoke and the list', () => {
  it('resend issues a new link, kills the old one, resets the expiry and counts the send; rate-limited', async () => {
    const email = address('resend');
    const { invitationId, token: oldToken } = await inviteOne(email);
    await expireInvitation(invitationId);
    const resent = await admin.caller.invitations.resend({ orgSlug: org.slug, invitationId });
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
    const newToken = await tokenFor(email);
    expect(newToken).not.toBe(oldToken);
    expect(await invitationRow(invitationId)).toMatchObject({
      send_count: 2,
      token_hash: hashInvitationToken(newToken),
    });

    const { caller } = await anonymousCaller();
    expect((await caught(caller.invitations.preview({ token: oldToken }))).code).toBe('NOT_FOUND');
    expect(await caller.invitations.preview({ token: newToken })).toMatchObject({ state: 'valid' });

    await admin.caller.invitations.resend({ orgSlug: org.slug, invitationId });
    await admin.caller.invitations.resend({ orgSlug: org.slug, invitationId });
    const limited = await caught(admin.caller.invitations.resend({ orgSlug: org.slug, invitationId }));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
  });

  it('lists open invitations (expired marked) and the accepted/revoked history, paginated', async () => {
    const listOrg = await createTestOrg('invlist');
    const boss = await memberWithEmail(listOrg, 'List Admin', 'admin');
    const emails = [address('l1'), address('l2'), address('l3')];
    const { results } = await boss.caller.invitations.invite({ orgSlug: listOrg.slug, emails: emails.join('\n') });
    const [first, second, third] = results.map((r) => r.invitationId!);
    await expireInvitation(first!);
    await boss.caller.invitations.revoke({ orgSlug: listOrg.slug, invitationId: second! });
    const { caller } = await anonymousCaller();
    await caller.invitations.acceptNewUser({
      token: await tokenFor(emails[2]!),
      name: 'L3',
      password: 'a long passphrase',
    });

    const pending = await boss.caller.invitations.list({ orgSlug: listOrg.slug, view: 'pending' });
    expect(pending.items.map((i) => [i.email, i.state])).toEqual([[emails[0], 'expired']]);
    expect(pending.items[0]).toMatchObject({ invitedBy: boss.name, roles: [], teams: [], sendCount: 1 });
    const history = await boss.caller.invitations.list({ orgSlug: listOrg.slug, view: 'history', pageSize: 1 });
    expect(history.total).toBe(2);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ id: third, state: 'accepted', acceptedMembershipId: expect.any(String) });
    const page2 = await boss.caller.invitations.list({ orgSlug: listOrg.slug, view: 'history', pageSize: 1, page: 2 });
    expect(page2.items[0]).toMatchObject({ id: second, state: 'revoked' });
  });

  it('keeps tenants apart: another org’s admin cannot see, resend or revoke these invitations', async () => {
    const { invitationId } = await inviteOne(address('isolated'));
    const otherOrg = await createTestOrg('invother');
    const stranger = await memberWithEmail(otherOrg, 'Other Admin', 'admin');
    const list = await stranger.caller.invitations.list({ orgSlug: otherOrg.slug });
    expect(list.items.map((i) => i.id)).not.toContain(invitationId);
    expect((await caught(stranger.caller.invitations.revoke({ orgSlug: otherOrg.slug, invitationId }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await caught(stranger.caller.invitations.resend({ orgSlug: otherOrg.slug, invitationId }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await caught(stranger.caller.invitations.list({ orgSlug: org.slug }))).code).toBe('NOT_FOUND');
    expect(await invitationRow(invitationId)).toMatchObject({ status: 'pending' });
    // Granting another org's role or team is refused too.
    const foreignRole = await systemRoleId(otherOrg.orgId, 'viewer');
    const foreignTeam = await createTeam(otherOrg.orgId, 'Foreign');
    expect(
      (
        await caught(
          admin.caller.invitations.invite({ orgSlug: org.slug, emails: address('f'), roleIds: [foreignRole] }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await caught(
          admin.caller.invitations.invite({ orgSlug: org.slug, emails: address('f'), teamIds: [foreignTeam] }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('the runtime role cannot read token hashes', async () => {
    const { invitationId } = await inviteOne(address('grant'));
    const { withTenant } = await import('../tenancy/withTenant');
    const error = await withTenant(org.orgId, { type: 'user', userId: owner.id }, (tx) =>
      tx.$client.query('select token_hash from invitations where id = $1', [invitationId]),
    ).catch((e: unknown) => e as Error & { code?: string });
    expect((error as { code?: string }).code).toBe('42501');
  });
});
