/**
 * A session that ends, ends on its open WebSockets: for every way out — signing out, signing in
 * again over it, revoking it on /account, signing out the others, a password change or reset, a
 * deactivation or removal, expiry, and a deletion whose announcement never came — the socket
 * opened with that session answers no further message and is closed with the signed-out code, and
 * the cookie no longer opens one. Another session of the same person keeps its socket.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { sleep, waitFor } from '../../test/live';
import { openSocket, type Connection } from '../../test/rawSocket';
import { createTestOrg } from '../activity/testFixtures';
import { SESSION_COOKIE } from '../auth/session';
import { SIGNED_OUT_CLOSE_CODE } from '../auth/sessionEnded';
import { generateToken, hashToken } from '../auth/sessionToken';
import { Browser, signedInBrowser, signedUpUser } from '../auth/testing/browser';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../roles/testFixtures';
import { addMember } from '../orgs/members';
import { closeBus } from '../realtime/bus';
import { closeRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import { attachWebSocketServer, type WebSocketServerOptions } from './websocket';

type Endpoint = { url: string; close(): Promise<void> };

async function startEndpoint(options: WebSocketServerOptions = {}): Promise<Endpoint> {
  const server: Server = createServer();
  const sockets = attachWebSocketServer(server, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`,
    async close() {
      await sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function open(endpoint: Endpoint, cookie: string): Promise<Connection> {
  return openSocket(endpoint.url, cookie);
}

afterAll(async () => {
  await closeBus();
  await closeRedis();
});

const cookieOf = (browser: Browser) => `${SESSION_COOKIE}=${browser.sessionToken}`;

/** Answers a message the way a live session's socket does. */
async function expectLive(connection: Connection): Promise<void> {
  expect(connection.refused.status).toBeNull();
  expect(await connection.call('account.me')).toMatchObject({ data: { type: 'data' } });
  expect(connection.closed.code).toBeNull();
}

/** Refuses the next message (or is already closed), closes with the signed-out code, and the cookie opens no new socket. */
async function expectSignedOut(endpoint: Endpoint, connection: Connection, cookie: string): Promise<void> {
  const reply = await connection.call('account.me');
  expect(reply).not.toHaveProperty('data');
  if ('error' in reply) expect(reply.error).toBe('UNAUTHORIZED');
  await waitFor(() => connection.closed.code !== null, 1_000);
  expect(connection.closed.code).toBe(SIGNED_OUT_CLOSE_CODE);
  expect((await open(endpoint, cookie)).refused.status).toBe(401);
}

describe('a session that ends closes its WebSockets', () => {
  let endpoint: Endpoint;
  let org: RolesTestOrg;
  let admin: Person;

  beforeAll(async () => {
    endpoint = await startEndpoint();
    org = await rolesTestOrg('sock');
    admin = await personIn(org, 'sock-admin', 'admin');
  });

  afterAll(() => endpoint.close());

  /** One person signed in from two browsers, each with a socket open. */
  async function twoBrowsers(label: string) {
    const user = await signedUpUser(label);
    const other = await signedInBrowser(user.email, user.password);
    const here = await open(endpoint, cookieOf(user.browser));
    const there = await open(endpoint, cookieOf(other));
    await expectLive(here);
    await expectLive(there);
    return { user, here, hereCookie: cookieOf(user.browser), other, there, thereCookie: cookieOf(other) };
  }

  it('signing out closes that browser’s socket; the other browser keeps its own', async () => {
    const { user, here, hereCookie, there } = await twoBrowsers('sock-logout');
    await user.browser.call((api) => api.auth.logout());
    await expectSignedOut(endpoint, here, hereCookie);
    await expectLive(there);
  });

  it('signing in again over a session ends the old one', async () => {
    const { user, here, hereCookie, there } = await twoBrowsers('sock-relogin');
    await user.browser.call((api) => api.auth.login({ email: user.email, password: user.password }));
    await expectSignedOut(endpoint, here, hereCookie);
    await expectLive(there);
    await expectLive(await open(endpoint, cookieOf(user.browser)));
  });

  it('revoking a session on /account closes its socket and not the current one', async () => {
    const { user, here, there, thereCookie } = await twoBrowsers('sock-revoke');
    const listed = await user.browser.call((api) => api.account.sessions());
    const revoked = listed.find((session) => !session.isCurrent)!;
    await user.browser.call((api) => api.account.revokeSession({ id: revoked.id }));
    await expectSignedOut(endpoint, there, thereCookie);
    await expectLive(here);
  });

  it('signing out the others closes their sockets and keeps the current one', async () => {
    const { user, here, there, thereCookie } = await twoBrowsers('sock-others');
    expect(await user.browser.call((api) => api.account.signOutOthers())).toEqual({ signedOutSessions: 1 });
    await expectSignedOut(endpoint, there, thereCookie);
    await expectLive(here);
  });

  it('changing the password closes the other sessions’ sockets and keeps the current one', async () => {
    const { user, here, there, thereCookie } = await twoBrowsers('sock-password');
    await user.browser.call((api) =>
      api.account.changePassword({ currentPassword: user.password, newPassword: 'a brand new passphrase 42' }),
    );
    await expectSignedOut(endpoint, there, thereCookie);
    await expectLive(here);
  });

  it('a password reset closes every socket of the person', async () => {
    const { user, here, hereCookie, there, thereCookie } = await twoBrowsers('sock-reset');
    const token = generateToken();
    await adminQuery(
      "insert into password_reset_tokens (id, user_id, expires_at) values ($1, $2, now() + interval '1 hour')",
      [hashToken(token), user.userId],
    );
    await new Browser().call((api) => api.auth.resetPassword({ token, password: 'a reset passphrase 42' }));
    await expectSignedOut(endpoint, here, hereCookie);
    await expectSignedOut(endpoint, there, thereCookie);
  });

  it('deactivating a member closes their socket once the change committed', async () => {
    const person = await personIn(org, 'sock-deact', 'member');
    const connection = await open(endpoint, person.cookie);
    await expectLive(connection);
    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: person.membershipId });
    await expectSignedOut(endpoint, connection, person.cookie);
  });

  it('removing a member closes their socket', async () => {
    const person = await personIn(org, 'sock-remove', 'member');
    const connection = await open(endpoint, person.cookie);
    await expectLive(connection);
    await admin.caller.members.remove({ orgSlug: org.slug, membershipId: person.membershipId });
    await expectSignedOut(endpoint, connection, person.cookie);
  });

  it('leaves the socket of someone still active in another org open', async () => {
    const person = await personIn(org, 'sock-multi', 'member');
    const elsewhere = await createTestOrg('sock-elsewhere');
    await withTenant(elsewhere.orgId, { type: 'user', userId: person.userId }, (tx) =>
      addMember(tx, { orgId: elsewhere.orgId, userId: person.userId, roleKey: 'viewer' }),
    );
    const connection = await open(endpoint, person.cookie);
    await expectLive(connection);
    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: person.membershipId });
    // A signout for someone else, announced after ours, arrives after it would have: then we know.
    const other = await personIn(org, 'sock-other', 'member');
    const otherConnection = await open(endpoint, other.cookie);
    await admin.caller.members.deactivate({ orgSlug: org.slug, membershipId: other.membershipId });
    await waitFor(() => otherConnection.closed.code !== null);
    await expectLive(connection);
    connection.socket.close();
  });
});

describe('a session that ends without an announcement', () => {
  it('is refused on every kind of message once the check’s age bound has passed, then closed', async () => {
    const endpoint = await startEndpoint({ sessionCheck: { maxAgeMs: 300 }, sessionSweepMs: 60_000 });
    try {
      const org = await rolesTestOrg('sock-silent');
      const owner = org.ownerPerson;
      const [query, mutation, subscription] = await Promise.all([1, 2, 3].map(() => open(endpoint, owner.cookie)));
      for (const connection of [query!, mutation!, subscription!]) await expectLive(connection);
      // Deleted behind the app's back: no announcement reaches any node.
      await adminQuery('delete from sessions where user_id = $1', [owner.userId]);
      await sleep(400);
      const replies = await Promise.all([
        query!.call('members.list', { orgSlug: org.slug }),
        mutation!.call('teams.create', { orgSlug: org.slug, name: 'Night shift' }, 'mutation'),
        subscription!.call('audit.live', { orgSlug: org.slug }, 'subscription'),
      ]);
      for (const reply of replies) {
        expect(reply).not.toHaveProperty('data');
        if ('error' in reply) expect(reply.error).toBe('UNAUTHORIZED');
      }
      for (const connection of [query!, mutation!, subscription!]) {
        await waitFor(() => connection.closed.code !== null, 1_000);
        expect(connection.closed.code).toBe(SIGNED_OUT_CLOSE_CODE);
      }
      expect(
        await adminQuery('select 1 from teams where org_id = $1 and name = $2', [org.orgId, 'Night shift']),
      ).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });

  it('closes an idle socket whose session expired at the next sweep', async () => {
    const endpoint = await startEndpoint({ sessionCheck: { maxAgeMs: 200 }, sessionSweepMs: 200 });
    try {
      const user = await signedUpUser('sock-expiry');
      const cookie = cookieOf(user.browser);
      const connection = await open(endpoint, cookie);
      await expectLive(connection);
      await adminQuery("update sessions set expires_at = now() - interval '1 second' where user_id = $1", [
        user.userId,
      ]);
      await waitFor(() => connection.closed.code !== null, 2_000);
      expect(connection.closed.code).toBe(SIGNED_OUT_CLOSE_CODE);
      expect((await open(endpoint, cookie)).refused.status).toBe(401);
    } finally {
      await endpoint.close();
    }
  });
});
