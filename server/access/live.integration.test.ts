/**
 * access.changes end to end: real sessions, the WebSocket endpoint, the outbox relay and Redis.
 * A member learns their new permissions when their roles change; a member of another org hears
 * nothing.
 */
import { createTRPCClient, createWSClient, wsLink, type TRPCClientErrorLike } from '@trpc/client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestUser } from '../activity/testFixtures';
import { personIn, rolesTestOrg, systemRoleId, type Person, type RolesTestOrg } from '../authz/testFixtures';
import { attachWebSocketServer } from '../http/websocket';
import { closeBus } from '../realtime/bus';
import { channelFor } from '../realtime/outbox';
import { startOutboxRelay } from '../realtime/outboxRelay';
import { closeRedis, getRedis } from '../redis';
import type { AppRouter } from '../trpc/router';
import type { AccessState } from './live';

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 12_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Server;
let closeWebSockets: () => Promise<void>;
let url: string;
let relay: { close(): Promise<void> };
const clients: ReturnType<typeof createWSClient>[] = [];

type Subscriber = { states: AccessState[]; errors: TRPCClientErrorLike<AppRouter>[]; stop: () => void };

function subscribe(user: TestUser, orgSlug: string): Subscriber {
  const cookie = user.cookie;
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const wsClient = createWSClient({ url, WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket });
  clients.push(wsClient);
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const states: AccessState[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = client.access.changes.subscribe(
    { orgSlug },
    { onData: (state) => states.push(state), onError: (error) => errors.push(error) },
  );
  return { states, errors, stop: () => subscription.unsubscribe() };
}

async function subscriberCount(orgId: string): Promise<number> {
  const [, count] = (await getRedis().pubsub('NUMSUB', channelFor(orgId, 'access'))) as [string, number];
  return Number(count);
}

let orgA: RolesTestOrg;
let orgB: RolesTestOrg;
let memberA: Person;
let memberB: Person;

beforeAll(async () => {
  server = createServer();
  closeWebSockets = attachWebSocketServer(server).close;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
  relay = startOutboxRelay({ pollIntervalMs: 100 });
  [orgA, orgB] = await Promise.all([rolesTestOrg('access-a'), rolesTestOrg('access-b')]);
  [memberA, memberB] = await Promise.all([
    personIn(orgA, 'access-a-member', 'member'),
    personIn(orgB, 'access-b-member', 'member'),
  ]);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await closeWebSockets();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await relay.close();
  await closeBus();
  await closeRedis();
});

describe('access.changes', () => {
  it("sends a member their new permissions when their roles change, and nothing to another org's member", async () => {
    const mine = subscribe(memberA, orgA.slug);
    const outsider = subscribe(memberB, orgB.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId)) > 0 && (await subscriberCount(orgB.orgId)) > 0);
      const adminId = await systemRoleId(orgA.orgId, 'admin');
      await orgA.ownerPerson.caller.roles.setMemberRoles({
        orgSlug: orgA.slug,
        membershipId: memberA.membershipId,
        roleIds: [adminId],
      });
      await waitFor(() => mine.states.length > 0);
      await sleep(300);

      expect(mine.states).toHaveLength(1);
      expect(mine.states[0]?.active).toBe(true);
      expect(mine.states[0]?.permissions).toContain('roles:manage');
      expect(outsider.states).toEqual([]);
      expect([...mine.errors, ...outsider.errors]).toEqual([]);
    } finally {
      mine.stop();
      outsider.stop();
    }
  });

  it('tells the holders of a role when the role itself is edited, and again when it is deleted with reassignment', async () => {
    const owner = orgA.ownerPerson;
    const holder = await personIn(orgA, 'access-a-holder', 'viewer');
    const viewerId = await systemRoleId(orgA.orgId, 'viewer');
    const custom = await owner.caller.roles.create({ orgSlug: orgA.slug, name: 'Auditor', permissions: ['org:read'] });
    await owner.caller.roles.setMemberRoles({
      orgSlug: orgA.slug,
      membershipId: holder.membershipId,
      roleIds: [custom.id],
    });
    const mine = subscribe(holder, orgA.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId)) > 0);
      await owner.caller.roles.update({
        orgSlug: orgA.slug,
        roleId: custom.id,
        version: custom.version,
        name: 'Auditor',
        permissions: ['org:read', 'billing:read'],
      });
      await waitFor(() => mine.states.length === 1);
      expect(mine.states[0]).toEqual({ active: true, permissions: ['billing:read', 'org:read'] });

      await owner.caller.roles.delete({ orgSlug: orgA.slug, roleId: custom.id, reassignToRoleId: viewerId });
      await waitFor(() => mine.states.length === 2);
      expect(mine.states[1]?.permissions).toContain('roles:read');
      expect(mine.states[1]?.permissions).not.toContain('billing:read');
      expect(mine.errors).toEqual([]);
    } finally {
      mine.stop();
    }
  });

  it('refuses a non-member with NOT_FOUND', async () => {
    const stranger = subscribe(memberB, orgA.slug);
    try {
      await waitFor(() => stranger.errors.length > 0);
      expect(stranger.errors[0]?.data?.code).toBe('NOT_FOUND');
    } finally {
      stranger.stop();
    }
  });
});
