/**
 * The demo tenant: five people with their system roles and attributes, a filled-in profile and a
 * readable activity feed — and seeding again changes nothing. Its billing history:
 * ./billingHistory.integration.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password';
import { resolveMemberAsUser } from '../auth/testing/signedIn';
import { loginLookup } from '../tenancy/lookups';
import { adminQuery } from '../../test/db';
import { DEMO_PASSWORD, DEMO_PEOPLE, formatDemoLogins } from './demoTenant';
import { seedDemo } from './seed';

async function tenantCounts() {
  const [row] = await adminQuery<Record<string, number>>(
    `select (select count(*)::int from organizations where slug = 'acme') as orgs,
            (select count(*)::int from users where email like '%@acme.test') as users,
            (select count(*)::int from memberships m join organizations o on o.id = m.org_id where o.slug = 'acme') as members,
            (select count(*)::int from outbox x join organizations o on o.id = x.org_id where o.slug = 'acme') as events`,
  );
  return row;
}

describe('seedDemo', () => {
  it('seeds Acme Corp once; a second run changes nothing', async () => {
    await seedDemo({ print: false });
    const first = await tenantCounts();
    expect(first).toEqual({ orgs: 1, users: 5, members: 5, events: expect.any(Number) });

    const again = await seedDemo({ print: false });
    expect(again).toEqual({ seeded: false, orgSlug: 'acme' });
    expect(await tenantCounts()).toEqual(first);
  });

  it('gives each demo login its role, attributes and the shared password', async () => {
    await seedDemo({ print: false });
    for (const person of DEMO_PEOPLE) {
      const login = await loginLookup(person.email);
      expect(login, person.email).not.toBeNull();
      expect(await verifyPassword(login!.passwordHash, DEMO_PASSWORD)).toBe(true);
      expect(login!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      const member = await resolveMemberAsUser(login!.userId, 'acme');
      expect(member?.status).toBe('active');
      const [row] = await adminQuery<{ role: string; attributes: Record<string, string> }>(
        `select r.system_key as role, m.attributes
           from memberships m
           join member_roles mr on mr.org_id = m.org_id and mr.membership_id = m.id
           join roles r on r.org_id = mr.org_id and r.id = mr.role_id
          where m.org_id = $1 and m.user_id = $2`,
        [member!.orgId, login!.userId],
      );
      expect(row).toEqual({ role: person.role, attributes: person.attributes });
    }
    const viewer = await resolveMemberAsUser((await loginLookup('viewer@acme.test'))!.userId, 'acme');
    expect(viewer?.permissions).toContain('org:read');
    expect(viewer?.permissions).not.toContain('org:update');
  });

  it('fills in the Berlin billing address and a valid German VAT ID, and leaves a readable feed', async () => {
    await seedDemo({ print: false });
    const [org] = await adminQuery<{ id: string; billing_address: { city: string; country: string }; tax_id: string }>(
      `select id, billing_address, tax_id from organizations where slug = 'acme'`,
    );
    expect(org?.billing_address).toMatchObject({ city: 'Berlin', country: 'DE' });
    expect(org?.tax_id).toMatch(/^DE\d{9}$/);

    // The feed only: other topics (a notifications fan-out run by a worker of another test) may add rows.
    // Billing events depend on the day of the month (the latest invoice is news for a week).
    const events = await adminQuery<{ type: string }>(
      `select type from outbox where org_id = $1 and topic = 'activity'
          and split_part(type, '.', 1) not in ('invoice', 'subscription', 'billing') order by id`,
      [org!.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'org.created',
      'member.joined',
      'member.joined',
      'member.joined',
      'member.joined',
      'org.updated',
    ]);
  });

  it('formats the logins as a table with the org URL and the password', () => {
    const table = formatDemoLogins('http://localhost:3000');
    expect(table).toContain('http://localhost:3000/o/acme');
    for (const person of DEMO_PEOPLE) expect(table).toContain(person.email);
    expect(table).toContain(DEMO_PASSWORD);
  });
});
