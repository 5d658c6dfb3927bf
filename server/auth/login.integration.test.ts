import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { adminQuery } from '../../test/db';
import { catalogueMessage } from '../errorCatalogue';
import { closeRedis } from '../redis';
import { withActor } from '../tenancy/withTenant';
import { LOGIN_ACCOUNT_LIMIT, LOGIN_ACCOUNT_NETWORK_LIMIT } from './loginLimits';
import { hashPassword } from './password';
import { SESSION_COOKIE } from './session';
import { hashToken } from './sessionToken';
import { Browser, signedInBrowser, signedUpUser } from './testing/browser';

afterAll(closeRedis);

/** The error a call fails with (the test fails if it succeeds). */
async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the call to fail');
}

let ipCounter = 0;
/** Each test gets its own client address so per-IP counters of one test do not touch another. */
function freshIp(): string {
  ipCounter += 1;
  return `10.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

const WRONG = { code: 'UNAUTHORIZED', message: catalogueMessage('INVALID_CREDENTIALS') };

/** One sign-in from `ip` in a browser of its own; how it failed. */
function attempt(email: string, password: string, ip: string) {
  return failureOf(new Browser({ ip }).call((api) => api.auth.login({ email, password })));
}

describe('login', () => {
  it('starts a new session (never the one the browser had), and lands in the org', async () => {
    const user = await signedUpUser('login', { ip: freshIp() });
    const signupToken = user.browser.sessionToken!;

    const result = await user.browser.call((api) => api.auth.login({ email: user.email, password: user.password }));
    expect(result).toEqual({ redirectTo: `/o/${user.orgSlug}` });
    const loginToken = user.browser.sessionToken!;
    expect(loginToken).not.toBe(signupToken);
    expect(user.browser.lastSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/HttpOnly/i);

    const rows = await adminQuery<{ id: string }>('select id from sessions where user_id = $1', [user.userId]);
    expect(rows.map((r) => r.id)).toEqual([hashToken(loginToken)]);
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
  });

  it('sweeps the person’s own expired sessions on sign-in, and leaves live ones and other people’s alone', async () => {
    const user = await signedUpUser('sweep', { ip: freshIp() });
    const other = await signedUpUser('sweep-other', { ip: freshIp() });
    await adminQuery(
      `insert into sessions (id, user_id, expires_at) values ($1, $2, now() - interval '1 day'), ($3, $4, now() - interval '1 day')`,
      [`expired-${randomUUID()}`, user.userId, `expired-${randomUUID()}`, other.userId],
    );
    const keptToken = user.browser.sessionToken!;

    await signedInBrowser(user.email, user.password, { ip: freshIp() });

    const mine = await adminQuery<{ id: string; expired: boolean }>(
      'select id, expires_at < now() as expired from sessions where user_id = $1',
      [user.userId],
    );
    expect(mine.filter((r) => r.expired)).toEqual([]);
    expect(mine.map((r) => r.id)).toContain(hashToken(keptToken));
    expect(mine).toHaveLength(2);
    const theirs = await adminQuery('select 1 from sessions where user_id = $1 and expires_at < now()', [other.userId]);
    expect(theirs).toHaveLength(1);
  });

  it('accepts the email in any case and honours only same-site redirect paths', async () => {
    const user = await signedUpUser('redirect', { ip: freshIp() });
    const login = (redirectTo?: string) =>
      new Browser({ ip: freshIp() }).call((api) =>
        api.auth.login({ email: user.email.toUpperCase(), password: user.password, redirectTo }),
      );
    await expect(login('/account?tab=sessions')).resolves.toEqual({ redirectTo: '/account?tab=sessions' });
    for (const unsafe of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      ' /account',
    ]) {
      await expect(login(unsafe)).resolves.toEqual({ redirectTo: `/o/${user.orgSlug}` });
    }
  });

  it('sends a user without organizations to their account page', async () => {
    const userId = randomUUID();
    const email = `no-org-${userId}@example.test`;
    const password = 'a password without orgs';
    const passwordHash = await hashPassword(password);
    await withActor(userId, (tx) => tx.insert(users).values({ id: userId, email, name: 'No Org', passwordHash }));
    const result = await new Browser({ ip: freshIp() }).call((api) => api.auth.login({ email, password }));
    expect(result).toEqual({ redirectTo: '/account' });
  });

  it('gives the identical answer for a wrong password and an unknown email, and sets no cookie', async () => {
    const user = await signedUpUser('wrongpw', { ip: freshIp() });
    const browser = new Browser({ ip: freshIp() });

    const wrongPassword = await failureOf(
      browser.call((api) => api.auth.login({ email: user.email, password: 'not the password' })),
    );
    const unknownEmail = await failureOf(
      browser.call((api) =>
        api.auth.login({ email: `nobody-${randomUUID()}@example.test`, password: 'not the password' }),
      ),
    );
    expect(wrongPassword).toEqual({ code: 'UNAUTHORIZED', message: catalogueMessage('INVALID_CREDENTIALS') });
    expect(unknownEmail).toEqual(wrongPassword);
    expect(browser.sessionToken).toBeUndefined();
  });

  it('an attacker’s failures lock their network out of the account, never the owner signing in elsewhere', async () => {
    const user = await signedUpUser('aimed', { ip: freshIp() });
    const attacker = freshIp();
    for (let i = 0; i < LOGIN_ACCOUNT_NETWORK_LIMIT; i++) {
      expect(await attempt(user.email, `wrong password ${i}`, attacker)).toEqual(WRONG);
    }
    const locked = await attempt(user.email, user.password, attacker);
    expect(locked).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Too many attempts, try again in 15 minutes' });

    await expect(signedInBrowser(user.email, user.password, { ip: freshIp() })).resolves.toBeDefined();

    // Unknown addresses are limited the same way, so the lock does not reveal that an account exists.
    const nobody = `nobody-${randomUUID()}@example.test`;
    const prober = freshIp();
    for (let i = 0; i < LOGIN_ACCOUNT_NETWORK_LIMIT; i++) await attempt(nobody, 'guess guess', prober);
    expect(await attempt(nobody, 'guess guess', prober)).toEqual(locked);
  });

  it('caps guesses at one account from many networks, except from networks the owner signed in from', async () => {
    const user = await signedUpUser('spread', { ip: freshIp() });
    const home = freshIp();
    await signedInBrowser(user.email, user.password, { ip: home });
    const nobody = `nobody-${randomUUID()}@example.test`;
    // One guess per network: no network comes near its own limits.
    const guesses = await Promise.all(
      Array.from({ length: LOGIN_ACCOUNT_LIMIT }, () => {
        const ip = freshIp();
        return Promise.all([attempt(user.email, 'wrong password', ip), attempt(nobody, 'wrong password', ip)]);
      }),
    );
    expect(guesses.flat().every((failure) => failure.code === 'UNAUTHORIZED')).toBe(true);

    const elsewhere = await attempt(user.email, user.password, freshIp());
    expect(elsewhere).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Too many attempts, try again in 60 minutes' });
    expect(await attempt(nobody, 'wrong password', freshIp())).toEqual(elsewhere);

    await expect(signedInBrowser(user.email, user.password, { ip: home })).resolves.toBeDefined();
  });

  it('counts the addresses of one IPv6 /64 as one network', async () => {
    const user = await signedUpUser('ipv6', { ip: freshIp() });
    for (let i = 1; i <= LOGIN_ACCOUNT_NETWORK_LIMIT; i++) {
      expect(await attempt(user.email, 'wrong password', `2001:db8:77:1::${i.toString(16)}`)).toEqual(WRONG);
    }
    expect(await attempt(user.email, user.password, '2001:db8:77:1:abcd::1')).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    await expect(signedInBrowser(user.email, user.password, { ip: '2001:db8:77:2::1' })).resolves.toBeDefined();
  });

  it('a successful login clears the failed attempts of its network', async () => {
    const user = await signedUpUser('clears', { ip: freshIp() });
    const ip = freshIp();
    const attempt = (password: string) =>
      new Browser({ ip }).call((api) => api.auth.login({ email: user.email, password }));

    for (let i = 0; i < 9; i++) await failureOf(attempt('wrong password'));
    await expect(attempt(user.password)).resolves.toMatchObject({ redirectTo: `/o/${user.orgSlug}` });
    for (let i = 0; i < 9; i++) {
      expect(await failureOf(attempt('wrong password'))).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(attempt(user.password)).resolves.toMatchObject({ redirectTo: `/o/${user.orgSlug}` });
  });

  it('limits one IP address to 30 failed attempts across any emails', async () => {
    const ip = freshIp();
    const user = await signedUpUser('iplimit', { ip });
    const attempt = (email: string, password = 'wrong password') =>
      failureOf(new Browser({ ip }).call((api) => api.auth.login({ email, password })));

    for (let i = 0; i < 30; i++) {
      expect(await attempt(`spray-${i}-${randomUUID()}@example.test`)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(await attempt(user.email, user.password)).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many attempts, try again in 15 minutes',
    });
    // The same person from another network is not affected.
    await expect(signedInBrowser(user.email, user.password, { ip: freshIp() })).resolves.toBeDefined();
  });

  it('refuses a login posted from a foreign origin and creates no session', async () => {
    const user = await signedUpUser('origin', { ip: freshIp() });
    const before = await adminQuery('select id from sessions where user_id = $1', [user.userId]);
    const attacker = new Browser({ ip: freshIp(), origin: 'https://evil.example' });
    expect(
      await failureOf(attacker.call((api) => api.auth.login({ email: user.email, password: user.password }))),
    ).toEqual({ code: 'FORBIDDEN', message: 'Cross-origin request refused' });
    expect(attacker.sessionToken).toBeUndefined();
    expect(await adminQuery('select id from sessions where user_id = $1', [user.userId])).toEqual(before);
  });
});

describe('logout', () => {
  it('ends the session in the database and clears the cookie', async () => {
    const user = await signedUpUser('logout', { ip: freshIp() });
    const token = user.browser.sessionToken!;
    const other = await signedInBrowser(user.email, user.password, { ip: freshIp() });

    await user.browser.call((api) => api.auth.logout());
    expect(user.browser.sessionToken).toBeUndefined();
    expect(user.browser.lastSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/i);
    expect(await adminQuery('select 1 from sessions where id = $1', [hashToken(token)])).toEqual([]);

    // The old token is worthless even if someone kept a copy of it.
    const replay = new Browser({ ip: freshIp() });
    replay.cookies.set(SESSION_COOKIE, token);
    expect(await failureOf(replay.call((api) => api.account.me()))).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Please sign in',
    });
    // Only this session ended.
    await expect(other.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
  });

  it('is refused without a session, and from a foreign origin', async () => {
    expect(await failureOf(new Browser().call((api) => api.auth.logout()))).toMatchObject({ code: 'UNAUTHORIZED' });

    const user = await signedUpUser('csrf', { ip: freshIp() });
    const forged = new Browser({ origin: 'https://evil.example' });
    forged.cookies.set(SESSION_COOKIE, user.browser.sessionToken!);
    expect(await failureOf(forged.call((api) => api.auth.logout()))).toMatchObject({ code: 'FORBIDDEN' });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
  });
});
