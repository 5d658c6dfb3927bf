/**
 * Plan limits enforced through the real procedure chain and database: seats on every path that
 * adds one (inviting, accepting, reactivating, renewing an expired invitation), audit retention,
 * and a plan that follows the org's live subscription (rows written as the Stripe mirror would).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { anonymousCaller, expireInvitation, tokenFor } from '../invitations/testFixtures';
import { caught, personIn, rolesTestOrg, type RolesTestOrg } from '../roles/testFixtures';
import { subscribeOrg } from './testFixtures';

const addresses = (label: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${label}-${i}-${Date.now()}@example.test`);

async function invite(org: RolesTestOrg, emails: string[]) {
  return org.ownerPerson.caller.invitations.invite({ orgSlug: org.slug, emails: emails.join('\n') });
}

describe('plan entitlements', () => {
  let org: RolesTestOrg;

  beforeAll(async () => {
    org = await rolesTestOrg('seats');
  });

  it('refuses the sixth seat on Free with the plans above, and lets it through once a Team subscription is live', async () => {
    const first = await invite(org, addresses('seat', 4));
    expect(first.results.map((r) => r.outcome)).toEqual(['invited', 'invited', 'invited', 'invited']);

    const refused = await caught(invite(org, addresses('sixth', 1)));
    expect(refused.appCode).toBe('PLAN_LIMIT_REACHED');
    expect(refused.details).toEqual({
      limit: 'seats',
      plan: 'free',
      allowed: 5,
      used: 5,
      plansAbove: [
        { key: 'team', name: 'Team', allowed: 25, isSelfServe: true },
        { key: 'business', name: 'Business', allowed: 200, isSelfServe: true },
        { key: 'enterprise', name: 'Enterprise', allowed: null, isSelfServe: false },
      ],
    });
    expect(refused.message).toContain('Upgrade to Team for 25 seats');
    const [failure] = await adminQuery<{ outcome: string; reason: string }>(
      `select outcome, reason from audit_events where org_id = $1 and action = 'invitations.invite' order by seq desc limit 1`,
      [org.orgId],
    );
    expect(failure).toMatchObject({ outcome: 'failure' });

    await subscribeOrg(org.orgId, 'team');
    const after = await invite(org, addresses('sixth', 1));
    expect(after.results[0]?.outcome).toBe('invited');
    const overview = await org.ownerPerson.caller.billing.overview({ orgSlug: org.slug });
    expect(overview.seats).toEqual({ used: 6, activeMembers: 1, openInvitations: 5, limit: 25 });
  });

  it('refuses a list that does not fit the seats left as a whole, saying how many more fit', async () => {
    const small = await rolesTestOrg('seats-list');
    await invite(small, addresses('three', 3));
    const refused = await caught(invite(small, addresses('two', 2)));
    expect(refused.appCode).toBe('PLAN_LIMIT_REACHED');
    expect(refused.message).toContain('you can invite 1 more');
    const [pending] = await adminQuery<{ n: number }>(
      `select count(*)::int as n from invitations where org_id = $1 and status = 'pending'`,
      [small.orgId],
    );
    expect(pending?.n).toBe(3);
  });

  it('keeps a past-due subscription’s plan, and drops to Free when it is canceled', async () => {
    const late = await rolesTestOrg('seats-late');
    const subscriptionId = await subscribeOrg(late.orgId, 'team', { status: 'past_due' });
    await invite(late, addresses('late', 6));
    await adminQuery(`update subscriptions set status = 'canceled' where org_id = $1 and id = $2`, [
      late.orgId,
      subscriptionId,
    ]);
    expect((await caught(invite(late, addresses('late-more', 1)))).details).toMatchObject({
      plan: 'free',
      used: 7,
    });
  });

  it('lets an invitation that holds its seat be accepted, and refuses it once a smaller plan has no active seat left', async () => {
    const shrinking = await rolesTestOrg('seats-accept');
    const subscriptionId = await subscribeOrg(shrinking.orgId, 'team');
    const [kept, blocked] = addresses('accept', 2);
    await invite(shrinking, [kept!, blocked!]);
    const { caller } = await anonymousCaller('10.9.0.1');
    await caller.invitations.acceptNewUser({
      token: await tokenFor(kept!),
      name: 'Kim Kept',
      password: 'a long passphrase',
    });

    // Three more active members: five active, one open invitation — fine on Team.
    await Promise.all(['a', 'b', 'c'].map((label) => personIn(shrinking, `seats-accept-${label}`, 'member')));
    await adminQuery(`update subscriptions set status = 'canceled' where org_id = $1 and id = $2`, [
      shrinking.orgId,
      subscriptionId,
    ]);
    const second = await anonymousCaller('10.9.0.2');
    const refused = await caught(
      second.caller.invitations.acceptNewUser({
        token: await tokenFor(blocked!),
        name: 'Bo Blocked',
        password: 'a long passphrase',
      }),
    );
    expect(refused.appCode).toBe('PLAN_LIMIT_REACHED');
    expect(refused.details).toMatchObject({ limit: 'seats', plan: 'free', allowed: 5, used: 5 });
    const [invitation] = await adminQuery<{ status: string }>(
      `select status from invitations where org_id = $1 and lower(email) = lower($2)`,
      [shrinking.orgId, blocked],
    );
    expect(invitation?.status).toBe('pending');
  });

  it('needs a free seat to reactivate a member or renew an expired invitation; an expired one holds none', async () => {
    const team = await rolesTestOrg('seats-reactivate');
    const people = await Promise.all(['x', 'y'].map((label) => personIn(team, `seats-re-${label}`, 'member')));
    const leaving = people[0]!;
    await team.ownerPerson.caller.members.deactivate({ orgSlug: team.slug, membershipId: leaving.membershipId });
    const { results } = await invite(team, addresses('re', 3));
    // Owner + one member active, three open invitations: five seats taken.
    const reactivate = () =>
      team.ownerPerson.caller.members.reactivate({ orgSlug: team.slug, membershipId: leaving.membershipId });
    expect((await caught(reactivate())).appCode).toBe('PLAN_LIMIT_REACHED');

    const expiring = results[0]!.invitationId!;
    await expireInvitation(expiring);
    await reactivate();
    const renew = await caught(
      team.ownerPerson.caller.invitations.resend({ orgSlug: team.slug, invitationId: expiring }),
    );
    expect(renew.appCode).toBe('PLAN_LIMIT_REACHED');
  });

  it('refuses an audit retention longer than the plan keeps, and allows it on a plan that does', async () => {
    const audited = await rolesTestOrg('retention');
    const set = (retentionDays: number) =>
      audited.ownerPerson.caller.audit.setRetention({ orgSlug: audited.slug, retentionDays });
    const refused = await caught(set(90));
    expect(refused.appCode).toBe('PLAN_LIMIT_REACHED');
    expect(refused.details).toMatchObject({ limit: 'auditRetentionDays', plan: 'free', allowed: 30 });
    expect(refused.message).toContain('Upgrade to Team for 365 days of audit history');
    expect(await set(30)).toEqual({ retentionDays: 30 });

    await subscribeOrg(audited.orgId, 'business');
    expect(await set(1_095)).toEqual({ retentionDays: 1_095 });
    expect((await caught(set(1_096))).details).toMatchObject({ plan: 'business', allowed: 1_095 });
    const entitlements = await audited.ownerPerson.caller.billing.entitlements({ orgSlug: audited.slug });
    expect(entitlements).toMatchObject({ plan: 'business', auditRetentionDays: 1_095, isSsoAvailable: true });
  });
});
