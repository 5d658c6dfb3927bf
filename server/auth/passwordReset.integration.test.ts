import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sendEmail, type SendEmailPayload } from '../jobs/definitions/sendEmail';
import { closeQueues, queueFor } from '../jobs/queues';
import { adminQuery } from '../../test/db';
import { env } from '../env';
import { catalogueMessage } from '../errorCatalogue';
import { closeRedis } from '../redis';
import { LOGIN_ACCOUNT_LIMIT, LOGIN_ACCOUNT_NETWORK_LIMIT } from './loginLimits';
import { hashToken } from './sessionToken';
import { Browser, signedInBrowser, signedUpUser } from './testing/browser';

afterAll(async () => {
  await closeQueues();
  await closeRedis();
});

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the call to fail');
}

async function queuedEmails(): Promise<SendEmailPayload[]> {
  const jobs = await queueFor(sendEmail).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.map((job) => job.data as SendEmailPayload);
}

/** The reset link mailed to `to` (the request answers before the email is queued). */
async function resetTokenMailedTo(to: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const tokens = (await queuedEmails())
        .filter((mail) => mail.to === to)
        .map((mail) => new RegExp(`${env.APP_URL}/reset\\?token=([a-z2-7]+)`).exec(mail.text)?.[1])
        .filter((token): token is string => Boolean(token));
      if (!tokens[0]) throw new Error(`no reset email for ${to} yet`);
      return tokens[0];
    },
    { timeout: 5_000, interval: 50 },
  );
}

let ipCounter = 0;
function freshIp(): string {
  ipCounter += 1;
  return `192.0.${2 + Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

describe('requesting a password reset', () => {
  it('answers the same for a known and an unknown email; only the known one gets a link', async () => {
    const user = await signedUpUser('forgot');
    const browser = new Browser({ ip: freshIp() });
    const unknown = `nobody-${randomUUID()}@example.test`;

    const forUnknown = await browser.call((api) => api.auth.requestPasswordReset({ email: unknown }));
    const forKnown = await browser.call((api) => api.auth.requestPasswordReset({ email: user.email }));
    expect(forKnown).toEqual(forUnknown);

    const token = await resetTokenMailedTo(user.email);
    const mails = await queuedEmails();
    expect(mails.filter((mail) => mail.to === unknown)).toEqual([]);
    expect(mails.find((mail) => mail.to === user.email)).toMatchObject({
      orgId: null,
      userId: user.userId,
      subject: 'Reset your Atrium password',
    });

    const [stored] = await adminQuery<{ user_id: string; expires_at: Date; used_at: Date | null }>(
      'select user_id, expires_at, used_at from password_reset_tokens where id = $1',
      [hashToken(token)],
    );
    expect(stored).toMatchObject({ user_id: user.userId, used_at: null });
    const minutesLeft = (stored!.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(58);
    expect(minutesLeft).toBeLessThanOrEqual(60);
    // Only the hash is stored: the token itself appears nowhere in the table.
    expect(await adminQuery('select 1 from password_reset_tokens where id = $1', [token])).toEqual([]);
  });

  it('is rate limited per email, identically for unknown addresses', async () => {
    const user = await signedUpUser('forgot-limit');
    const unknown = `nobody-${randomUUID()}@example.test`;
    const request = (email: string) =>
      new Browser({ ip: freshIp() }).call((api) => api.auth.requestPasswordReset({ email }));
    for (let i = 0; i < 5; i++) {
      await request(user.email);
      await request(unknown);
    }
    const known = await failureOf(request(user.email));
    expect(known).toEqual({ code: 'TOO_MANY_REQUESTS', message: 'Too many attempts, try again in 60 minutes' });
    expect(await failureOf(request(unknown))).toEqual(known);
  });

  it('is rate limited per IP address', async () => {
    const browser = new Browser({ ip: freshIp() });
    for (let i = 0; i < 20; i++) {
      await browser.call((api) => api.auth.requestPasswordReset({ email: `spray-${i}-${randomUUID()}@example.test` }));
    }
    expect(
      await failureOf(
        browser.call((api) => api.auth.requestPasswordReset({ email: `one-more-${randomUUID()}@example.test` })),
      ),
    ).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});

describe('resetting the password', () => {
  it('works once: sets the new password, ends every session, and the link is then dead', async () => {
    const user = await signedUpUser('reset');
    const laptop = await signedInBrowser(user.email, user.password);
    await new Browser({ ip: freshIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email }));
    const token = await resetTokenMailedTo(user.email);

    const newPassword = 'my new password after reset';
    await user.browser.call((api) => api.auth.resetPassword({ token, password: newPassword }));

    expect(user.browser.sessionToken).toBeUndefined();
    expect(await adminQuery('select 1 from sessions where user_id = $1', [user.userId])).toEqual([]);
    expect(await failureOf(laptop.call((api) => api.account.me()))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failureOf(signedInBrowser(user.email, user.password))).toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(signedInBrowser(user.email, newPassword)).resolves.toBeDefined();

    expect(
      await failureOf(new Browser().call((api) => api.auth.resetPassword({ token, password: 'yet another password' }))),
    ).toEqual({ code: 'BAD_REQUEST', message: catalogueMessage('RESET_LINK_INVALID') });
    await expect(signedInBrowser(user.email, newPassword)).resolves.toBeDefined();
  });

  it('refuses an expired link', async () => {
    const user = await signedUpUser('expired');
    await new Browser({ ip: freshIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email }));
    const token = await resetTokenMailedTo(user.email);
    await adminQuery("update password_reset_tokens set expires_at = now() - interval '1 second' where id = $1", [
      hashToken(token),
    ]);

    expect(
      await failureOf(new Browser().call((api) => api.auth.resetPassword({ token, password: 'a password too late' }))),
    ).toEqual({ code: 'BAD_REQUEST', message: catalogueMessage('RESET_LINK_INVALID') });
    await expect(signedInBrowser(user.email, user.password)).resolves.toBeDefined();
  });

  it('refuses made-up and malformed tokens with the same message', async () => {
    const madeUp = 'abcdefghijklmnopqrstuvwxyz234567abcdefgh';
    expect(
      await failureOf(
        new Browser().call((api) => api.auth.resetPassword({ token: madeUp, password: 'some new password' })),
      ),
    ).toEqual({ code: 'BAD_REQUEST', message: catalogueMessage('RESET_LINK_INVALID') });
    const malformed = await new Browser()
      .call((api) => api.auth.resetPassword({ token: "x' or '1'='1", password: 'some new password' }))
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(malformed).toMatchObject({ code: 'BAD_REQUEST' });
    expect(JSON.stringify((malformed!.cause as { flatten(): unknown }).flatten())).toContain(
      catalogueMessage('RESET_LINK_INVALID'),
    );
  });

  it('lifts the login locks caused by failed guesses, from one network and from many', async () => {
    const user = await signedUpUser('unlock');
    const guess = (ip: string, i: number) =>
      failureOf(new Browser({ ip }).call((api) => api.auth.login({ email: user.email, password: `guess ${i}` })));
    const attacker = freshIp();
    await Promise.all(Array.from({ length: LOGIN_ACCOUNT_LIMIT }, (_, i) => guess(freshIp(), i)));
    for (let i = 0; i < LOGIN_ACCOUNT_NETWORK_LIMIT; i++) await guess(attacker, i);
    for (const ip of [freshIp(), attacker]) {
      expect(await failureOf(signedInBrowser(user.email, user.password, { ip }))).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
      });
    }

    await new Browser({ ip: freshIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email }));
    const token = await resetTokenMailedTo(user.email);
    await new Browser().call((api) => api.auth.resetPassword({ token, password: 'the unlocked password' }));
    await expect(signedInBrowser(user.email, 'the unlocked password', { ip: freshIp() })).resolves.toBeDefined();
    await expect(signedInBrowser(user.email, 'the unlocked password', { ip: attacker })).resolves.toBeDefined();
  });
});
