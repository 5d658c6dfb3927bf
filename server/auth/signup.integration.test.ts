import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { env } from '../env';
import { closeRedis } from '../redis';
import { signupByIp } from './rateLimit';
import { SESSION_COOKIE } from './session';
import { hashToken } from './sessionToken';
import { Browser, newAccount } from './testing/browser';

afterAll(closeRedis);

describe('signup', () => {
  it('creates the user, their organization and their Owner membership, and signs them in', async () => {
    const account = newAccount('signup');
    const browser = new Browser();
    const { orgSlug } = await browser.call((api) => api.auth.signup(account));

    const [user] = await adminQuery<{
      id: string;
      email: string;
      name: string;
      password_hash: string;
      last_org_slug: string;
    }>('select id, email, name, password_hash, last_org_slug from users where email = $1', [account.email]);
    expect(user).toMatchObject({ email: account.email, name: account.name, last_org_slug: orgSlug });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    expect(user!.password_hash).not.toContain(account.password);

    const memberships = await adminQuery<{ slug: string; name: string; status: string; role: string }>(
      `select o.slug, o.name, m.status, r.system_key as role
         from memberships m
         join organizations o on o.id = m.org_id
         join member_roles mr on mr.org_id = m.org_id and mr.membership_id = m.id
         join roles r on r.org_id = mr.org_id and r.id = mr.role_id
        where m.user_id = $1`,
      [user!.id],
    );
    expect(memberships).toEqual([{ slug: orgSlug, name: account.orgName, status: 'active', role: 'owner' }]);

    const cookie = browser.lastSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const sessions = await adminQuery('select 1 from sessions where id = $1 and user_id = $2', [
      hashToken(browser.sessionToken!),
      user!.id,
    ]);
    expect(sessions).toHaveLength(1);
    await expect(browser.call((api) => api.account.me())).resolves.toEqual({
      id: user!.id,
      email: account.email,
      name: account.name,
    });
    await expect(browser.call((api) => api.account.home({}))).resolves.toEqual({ redirectTo: `/o/${orgSlug}` });
  });

  it('refuses an email that already has an account, whatever its case, and creates nothing', async () => {
    const first = newAccount('dupe');
    await new Browser().call((api) => api.auth.signup(first));

    const second = { ...newAccount('dupe'), email: first.email.toUpperCase() };
    const browser = new Browser();
    await expect(browser.call((api) => api.auth.signup(second))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'An account with this email already exists',
    });
    expect(browser.sessionToken).toBeUndefined();
    const orgs = await adminQuery('select 1 from organizations where name = $1', [second.orgName]);
    expect(orgs).toEqual([]);
    const users = await adminQuery('select 1 from users where lower(email) = $1', [first.email]);
    expect(users).toHaveLength(1);
  });

  it('gives two organizations with the same name different addresses', async () => {
    const a = { ...newAccount('twin'), orgName: 'Twin Industries' };
    const b = { ...newAccount('twin'), orgName: 'Twin Industries' };
    const slugA = (await new Browser().call((api) => api.auth.signup(a))).orgSlug;
    const slugB = (await new Browser().call((api) => api.auth.signup(b))).orgSlug;
    expect(slugA).not.toBe(slugB);
    expect(slugB).toMatch(/^twin-industries/);
  });

  it('explains each invalid field and creates nothing', async () => {
    const browser = new Browser();
    const error = await browser
      .call((api) => api.auth.signup({ name: ' ', email: 'not-an-email', password: 'short', orgName: 'x' }))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const fieldErrors = ((error as Error).cause as { flatten(): { fieldErrors: Record<string, string[]> } }).flatten()
      .fieldErrors;
    expect(fieldErrors).toEqual({
      name: ['Enter your name'],
      email: ['Enter a valid email address'],
      password: ['Use at least 10 characters'],
      orgName: ['Use at least 2 characters'],
    });
    expect(await adminQuery("select 1 from users where email = 'not-an-email'")).toEqual([]);
  });

  it('stops one address from creating accounts past the hourly limit, and creates nothing', async () => {
    const ip = '198.51.100.23';
    for (let i = 0; i < env.SIGNUP_LIMIT_PER_IP_HOUR; i++) await signupByIp.consume(ip);
    const account = newAccount('flood');
    const browser = new Browser({ ip });
    await expect(browser.call((api) => api.auth.signup(account))).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many attempts, try again in 60 minutes',
    });
    expect(await adminQuery('select 1 from users where lower(email) = $1', [account.email])).toEqual([]);
    // Another address is not affected.
    await expect(
      new Browser({ ip: '198.51.100.24' }).call((api) => api.auth.signup(newAccount('other'))),
    ).resolves.toMatchObject({ orgSlug: expect.any(String) });
  });
});
