import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../../test/db';
import { closeRedis } from '../../redis';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../session';
import { hashToken } from '../sessionToken';
import { Browser, signedInBrowser, signedUpUser } from '../testing/browser';

afterAll(closeRedis);

const DAY_MS = 24 * 60 * 60 * 1000;
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the call to fail');
}

async function expiresAt(token: string): Promise<Date | undefined> {
  const [row] = await adminQuery<{ expires_at: Date }>('select expires_at from sessions where id = $1', [
    hashToken(token),
  ]);
  return row?.expires_at;
}

describe('sliding session expiry', () => {
  it('extends a session with less than 15 days left to 30 days, and re-sends the cookie', async () => {
    const user = await signedUpUser('sliding');
    const token = user.browser.sessionToken!;
    await adminQuery(
      "update sessions set expires_at = now() + interval '10 days', last_seen_at = now() - interval '1 hour' where id = $1",
      [hashToken(token)],
    );

    await user.browser.call((api) => api.account.me());
    const extended = await expiresAt(token);
    expect(extended!.getTime()).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);
    const cookie = user.browser.lastSetCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=${token}`));
    expect(cookie).toBeDefined();
    expect(new Date(/Expires=([^;]+)/i.exec(cookie!)![1]!).getTime()).toBeGreaterThan(Date.now() + 29 * DAY_MS);
  });

  it('leaves a session with more than 15 days left alone, and refuses an expired one', async () => {
    const user = await signedUpUser('notsliding');
    const token = user.browser.sessionToken!;
    await adminQuery("update sessions set expires_at = now() + interval '20 days' where id = $1", [hashToken(token)]);
    const before = await expiresAt(token);
    await user.browser.call((api) => api.account.me());
    expect(await expiresAt(token)).toEqual(before);
    expect(user.browser.lastSetCookies).toEqual([]);

    await adminQuery("update sessions set expires_at = now() - interval '1 second' where id = $1", [hashToken(token)]);
    expect(await failureOf(user.browser.call((api) => api.account.me()))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(user.browser.sessionToken).toBeUndefined();
  });
});

describe('the session list', () => {
  it('shows each session with a short public id, device, IP and which one is current', async () => {
    const user = await signedUpUser('list', { ip: '203.0.113.7' });
    const laptop = await signedInBrowser(user.email, user.password, {
      ip: '203.0.113.9',
      userAgent: FIREFOX_ON_WINDOWS,
    });

    const list = await user.browser.call((api) => api.account.sessions());
    expect(list).toHaveLength(2);
    const current = list.find((s) => s.isCurrent);
    const other = list.find((s) => !s.isCurrent);
    expect(current).toMatchObject({ device: 'Chrome on Linux', ip: '203.0.113.7' });
    expect(other).toMatchObject({ device: 'Firefox on Windows', ip: '203.0.113.9' });
    for (const session of list) {
      expect(session.id).toMatch(/^[0-9a-f]{16}$/);
      expect(session.createdAt).toBeInstanceOf(Date);
      expect(session.lastSeenAt).toBeInstanceOf(Date);
    }
    expect(current!.id).toBe(hashToken(user.browser.sessionToken!).slice(0, 16));
    expect(hashToken(laptop.sessionToken!)).not.toBe(other!.id);

    const fromLaptop = await laptop.call((api) => api.account.sessions());
    expect(fromLaptop.find((s) => s.isCurrent)?.id).toBe(other!.id);
  });
});

describe('revoking sessions', () => {
  it('signs out one of my other sessions', async () => {
    const user = await signedUpUser('revoke');
    const phone = await signedInBrowser(user.email, user.password);
    const phoneId = hashToken(phone.sessionToken!).slice(0, 16);

    await user.browser.call((api) => api.account.revokeSession({ id: phoneId }));
    expect(await failureOf(phone.call((api) => api.account.me()))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await user.browser.call((api) => api.account.sessions())).map((s) => s.id)).toEqual([
      hashToken(user.browser.sessionToken!).slice(0, 16),
    ]);
    expect(await failureOf(user.browser.call((api) => api.account.revokeSession({ id: phoneId })))).toEqual({
      code: 'NOT_FOUND',
      message: 'That session has already ended',
    });
  });

  it("cannot revoke another user's session", async () => {
    const alice = await signedUpUser('alice');
    const bob = await signedUpUser('bob');
    const bobsId = (await bob.browser.call((api) => api.account.sessions()))[0]!.id;

    expect(await failureOf(alice.browser.call((api) => api.account.revokeSession({ id: bobsId })))).toEqual({
      code: 'NOT_FOUND',
      message: 'That session has already ended',
    });
    await expect(bob.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: bob.userId });
    expect(await adminQuery('select 1 from sessions where user_id = $1', [bob.userId])).toHaveLength(1);
  });

  it('refuses to revoke the current session (that is signing out) and malformed ids', async () => {
    const user = await signedUpUser('self');
    const ownId = hashToken(user.browser.sessionToken!).slice(0, 16);
    expect(await failureOf(user.browser.call((api) => api.account.revokeSession({ id: ownId })))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      await failureOf(user.browser.call((api) => api.account.revokeSession({ id: "' or true --" }))),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
  });

  it('signs out every other session and keeps the current one', async () => {
    const user = await signedUpUser('others');
    const others = [await signedInBrowser(user.email, user.password), await signedInBrowser(user.email, user.password)];
    const bystander = await signedUpUser('bystander');

    await expect(user.browser.call((api) => api.account.signOutOthers())).resolves.toEqual({ signedOutSessions: 2 });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
    for (const browser of others) {
      expect(await failureOf(browser.call((api) => api.account.me()))).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(bystander.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: bystander.userId });
    await expect(user.browser.call((api) => api.account.signOutOthers())).resolves.toEqual({ signedOutSessions: 0 });
  });
});

describe('changing the password', () => {
  it('requires the current password and changes nothing without it', async () => {
    const user = await signedUpUser('changepw');
    const other = await signedInBrowser(user.email, user.password);

    expect(
      await failureOf(
        user.browser.call((api) =>
          api.account.changePassword({ currentPassword: 'not my password', newPassword: 'a brand new password' }),
        ),
      ),
    ).toEqual({ code: 'BAD_REQUEST', message: 'Your current password is incorrect' });
    await expect(signedInBrowser(user.email, user.password)).resolves.toBeDefined();
    await expect(other.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
  });

  it('sets the new password and signs out every other session, keeping this one', async () => {
    const user = await signedUpUser('changepw2');
    const other = await signedInBrowser(user.email, user.password);
    const newPassword = 'a brand new password';

    await expect(
      user.browser.call((api) => api.account.changePassword({ currentPassword: user.password, newPassword })),
    ).resolves.toEqual({ signedOutSessions: 1 });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ id: user.userId });
    expect(await failureOf(other.call((api) => api.account.me()))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failureOf(signedInBrowser(user.email, user.password))).toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(signedInBrowser(user.email, newPassword)).resolves.toBeDefined();
  });

  it('holds the new password to the policy', async () => {
    const user = await signedUpUser('policy');
    expect(
      await failureOf(
        user.browser.call((api) =>
          api.account.changePassword({ currentPassword: user.password, newPassword: 'short' }),
        ),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    await expect(signedInBrowser(user.email, user.password)).resolves.toBeDefined();
  });

  it('stops guessing the current password after 10 wrong tries', async () => {
    const user = await signedUpUser('guesser');
    const attempt = (currentPassword: string) =>
      failureOf(
        user.browser.call((api) =>
          api.account.changePassword({ currentPassword, newPassword: 'a brand new password' }),
        ),
      );
    for (let i = 0; i < 10; i++) expect(await attempt(`guess ${i}`)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await attempt(user.password)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});

describe('profile and organizations', () => {
  it('renames me, lists my organizations, and requires a session for all of it', async () => {
    const user = await signedUpUser('profile');
    await expect(user.browser.call((api) => api.account.updateProfile({ name: '  Ada Lovelace ' }))).resolves.toEqual({
      name: 'Ada Lovelace',
    });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ name: 'Ada Lovelace' });
    await expect(user.browser.call((api) => api.account.orgs())).resolves.toEqual([
      { slug: user.orgSlug, name: user.orgName, isActive: true },
    ]);

    const anonymous = new Browser();
    for (const call of [
      anonymous.call((api) => api.account.me()),
      anonymous.call((api) => api.account.sessions()),
      anonymous.call((api) => api.account.updateProfile({ name: 'Mallory' })),
      anonymous.call((api) => api.account.signOutOthers()),
    ]) {
      expect(await failureOf(call)).toEqual({ code: 'UNAUTHORIZED', message: 'Please sign in' });
    }
  });

  it('refuses a profile change posted from a foreign origin', async () => {
    const user = await signedUpUser('csrf-profile');
    const forged = new Browser({ origin: 'https://evil.example' });
    forged.cookies.set(SESSION_COOKIE, user.browser.sessionToken!);
    expect(await failureOf(forged.call((api) => api.account.updateProfile({ name: 'Hijacked' })))).toEqual({
      code: 'FORBIDDEN',
      message: 'Cross-origin request refused',
    });
    await expect(user.browser.call((api) => api.account.me())).resolves.toMatchObject({ name: user.name });
  });
});
