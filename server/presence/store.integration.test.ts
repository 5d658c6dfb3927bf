/**
 * Presence against the real Redis: the store (join, page change, leave, expiry by TTL, the
 * per-member cap, a re-subscription taking over a tab) with a short TTL injected through its
 * options, and presence.here end to end over the app's WebSocket endpoint with real sessions —
 * members of one org see each other come and go, another org sees nothing, and a deactivated
 * member gets nothing and is cut off.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { sleep, waitFor } from '../../test/live';
import { addTestMember, createTestOrg, type TestOrg, type TestUser } from '../activity/testFixtures';
import { membershipIdOf } from '../roles/testFixtures';
import { attachWebSocketServer } from '../http/websocket';
import { watchPresence, type PresenceWatcher } from './testSupport';
import { closeRedis, getRedis } from '../redis';
import { closeBus } from '../realtime/bus';
import { createPresenceStore, presenceChannel } from './store';
import { closePresenceHub, configurePresence } from './hub';
import { presenceKey, type PresenceEntryInput } from './snapshot';

function tab(orgSlug: string, membershipId: string, overrides: Partial<PresenceEntryInput> = {}): PresenceEntryInput {
  const tabId = randomUUID();
  return {
    key: presenceKey(membershipId, tabId),
    conn: randomUUID(),
    seq: 0,
    membershipId,
    userId: randomUUID(),
    name: 'Alice Admin',
    page: `/o/${orgSlug}`,
    resource: null,
    mode: 'viewing',
    ...overrides,
  };
}

describe('presence store', () => {
  const TTL = 400;
  const store = createPresenceStore({ ttlMs: TTL, maxEntriesPerMember: 2 });

  it('adds a tab, moves it to another page keeping its since, and removes it at once', async () => {
    const orgId = randomUUID();
    const entry = tab('acme', randomUUID());
    expect((await store.put(orgId, entry, 'put')).status).toBe('added');
    const [first] = (await store.list(orgId)).entries;
    expect(first).toMatchObject({ membershipId: entry.membershipId, page: '/o/acme', mode: 'viewing' });

    const moved = { ...entry, page: '/o/acme/settings', resource: 'org-settings', mode: 'editing' as const };
    expect((await store.put(orgId, moved, 'put')).status).toBe('updated');
    expect((await store.put(orgId, moved, 'put')).status).toBe('unchanged');
    const [second] = (await store.list(orgId)).entries;
    expect(second).toMatchObject({ page: '/o/acme/settings', resource: 'org-settings', mode: 'editing' });
    expect(second?.since).toBe(first?.since);
    expect(second!.at).toBeGreaterThanOrEqual(first!.at);

    expect(await store.remove(orgId, moved)).toBe(true);
    expect((await store.list(orgId)).entries).toEqual([]);
    expect(await store.remove(orgId, moved)).toBe(false);
  });

  it('lets an entry expire by TTL when nobody refreshes it, and keeps one that heartbeats', async () => {
    const orgId = randomUUID();
    const lost = tab('acme', randomUUID(), { name: 'Lost' });
    const alive = tab('acme', randomUUID(), { name: 'Alive' });
    await store.put(orgId, lost, 'put');
    await store.put(orgId, alive, 'put');
    const startedAt = Date.now();
    let swept = 0;
    // Heartbeat `alive` every TTL/4 until `lost` is gone.
    await waitFor(async () => {
      swept += (await store.put(orgId, alive, 'heartbeat')).swept;
      await sleep(TTL / 4);
      const listed = await store.list(orgId);
      swept += listed.swept;
      return !listed.entries.some((entry) => entry.key === lost.key);
    });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TTL - 50);
    expect(swept).toBeGreaterThanOrEqual(1);
    expect((await store.list(orgId)).entries.map((entry) => entry.key)).toEqual([alive.key]);
    // Its keys are gone from Redis too, not only from the list.
    await waitFor(async () => (await getRedis().exists(`presence:{${orgId}}:member:${lost.membershipId}`)) === 0);
  });

  it('registers at most the cap of tabs per member; a heartbeat adds the waiting one when a slot frees', async () => {
    const orgId = randomUUID();
    const membershipId = randomUUID();
    const [a, b, c] = [tab('acme', membershipId), tab('acme', membershipId), tab('acme', membershipId)];
    expect((await store.put(orgId, a!, 'put')).status).toBe('added');
    expect((await store.put(orgId, b!, 'put')).status).toBe('added');
    expect((await store.put(orgId, c!, 'put')).status).toBe('full');
    expect((await store.list(orgId)).entries).toHaveLength(2);
    await store.remove(orgId, a!);
    expect((await store.put(orgId, c!, 'heartbeat')).status).toBe('added');
    expect((await store.list(orgId)).entries.map((e) => e.key).sort()).toEqual([b!.key, c!.key].sort());
  });

  it('lets a re-subscription take over a tab: the old subscription can neither refresh nor remove it', async () => {
    const orgId = randomUUID();
    const old = tab('acme', randomUUID());
    const fresh = { ...old, conn: randomUUID(), seq: 1, page: '/o/acme/roles' };
    await store.put(orgId, old, 'put');
    expect((await store.put(orgId, fresh, 'put')).status).toBe('updated');
    // The old subscription's put arriving late (out of order) does not overwrite the newer one.
    expect((await store.put(orgId, old, 'put')).status).toBe('stale');
    expect((await store.put(orgId, old, 'heartbeat')).status).toBe('superseded');
    expect(await store.remove(orgId, old)).toBe(false);
    expect((await store.list(orgId)).entries).toMatchObject([
      { key: old.key, conn: fresh.conn, page: '/o/acme/roles' },
    ]);
  });

  it('announces on org:<id>:presence', async () => {
    const orgId = randomUUID();
    const subscriber = getRedis().duplicate();
    const messages: string[] = [];
    try {
      await subscriber.subscribe(presenceChannel(orgId));
      subscriber.on('message', (_channel: string, message: string) => messages.push(message));
      await store.announce(orgId);
      await waitFor(() => messages.length === 1);
    } finally {
      subscriber.disconnect();
    }
  });
});

describe('presence.here over the WebSocket', () => {
  let server: Server;
  let webSockets: ReturnType<typeof attachWebSocketServer>;
  let url: string;
  let org: TestOrg;
  let other: TestOrg;
  let admin: TestUser;
  let ownerMembership: string;
  let adminMembership: string;
  const watchers: PresenceWatcher[] = [];

  const watch = (user: TestUser, target: TestOrg, page = `/o/${target.slug}`, extra: object = {}) => {
    const watcher = watchPresence(url, user.cookie, { orgSlug: target.slug, tabId: randomUUID(), page, ...extra });
    watchers.push(watcher);
    return watcher;
  };

  beforeAll(async () => {
    configurePresence({ ttlMs: 1_500, heartbeatMs: 300, debounceMs: 30 });
    server = createServer();
    webSockets = attachWebSocketServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
    [org, other] = await Promise.all([createTestOrg('presence'), createTestOrg('presence-other')]);
    admin = await addTestMember(org, 'presence-admin', 'admin');
    [ownerMembership, adminMembership] = await Promise.all([
      membershipIdOf(org.orgId, org.owner.userId),
      membershipIdOf(org.orgId, admin.userId),
    ]);
  });

  afterAll(async () => {
    for (const watcher of watchers) await watcher.close();
    await webSockets.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closePresenceHub();
    await closeBus();
    await closeRedis();
  });

  it('shows a member joining, changing page and mode, and leaving — to the org, and to nobody else', async () => {
    const owner = watch(org.owner, org);
    const outsider = watch(other.owner, other);
    await waitFor(() => owner.isOnline(ownerMembership) && outsider.updates.length > 0);
    expect(owner.updates[0]?.you).toBe(ownerMembership);

    const adminTab = watch(admin, org, `/o/${org.slug}/settings`, { resource: 'org-settings' });
    await waitFor(() => owner.isOnline(adminMembership));
    const adminRow = owner.latest().find((member) => member.membershipId === adminMembership);
    expect(adminRow).toMatchObject({ userId: admin.userId, name: admin.name });
    expect(adminRow?.places).toMatchObject([
      { page: `/o/${org.slug}/settings`, resource: 'org-settings', mode: 'viewing' },
    ]);
    await waitFor(() => adminTab.isOnline(ownerMembership) && adminTab.isOnline(adminMembership));

    adminTab.resubscribe({
      page: `/o/${org.slug}/settings`,
      resource: 'org-settings',
      mode: 'editing',
    });
    await waitFor(() => owner.latest().find((m) => m.membershipId === adminMembership)?.places[0]?.mode === 'editing');

    adminTab.stop();
    await waitFor(() => !owner.isOnline(adminMembership));
    await sleep(200);
    expect(outsider.latest().map((member) => member.membershipId)).toEqual([
      await membershipIdOf(other.orgId, other.owner.userId),
    ]);
    expect([...owner.errors, ...outsider.errors, ...adminTab.errors]).toEqual([]);
    owner.stop();
    outsider.stop();
  });

  it('keeps one entry (and its since) when a tab re-subscribes with a new page', async () => {
    const owner = watch(org.owner, org);
    const tabId = randomUUID();
    const adminTab = watchPresence(url, admin.cookie, { orgSlug: org.slug, tabId, page: `/o/${org.slug}` });
    watchers.push(adminTab);
    await waitFor(() => owner.pageOf(adminMembership) === `/o/${org.slug}`);
    const since = owner.latest().find((m) => m.membershipId === adminMembership)?.since;
    adminTab.resubscribe({ tabId, page: `/o/${org.slug}/roles` });
    await waitFor(() => owner.pageOf(adminMembership) === `/o/${org.slug}/roles`);
    // Two re-subscriptions at once (a page change, then its form's bar): the newer wins, whatever
    // order the server handles them in.
    adminTab.resubscribe({ tabId, page: `/o/${org.slug}/settings` });
    adminTab.resubscribe({ tabId, page: `/o/${org.slug}/settings`, resource: 'org-settings' });
    await waitFor(
      () => owner.latest().find((m) => m.membershipId === adminMembership)?.places[0]?.resource === 'org-settings',
    );
    await sleep(300);
    const row = owner.latest().find((m) => m.membershipId === adminMembership);
    expect(row?.places).toHaveLength(1);
    expect(row?.since).toBe(since);
    // Never shown offline in between.
    const adminRows = owner.updates.filter((u) => u.online.some((m) => m.membershipId === adminMembership));
    const firstSeen = owner.updates.indexOf(adminRows[0]!);
    expect(owner.updates.slice(firstSeen).every((u) => u.online.some((m) => m.membershipId === adminMembership))).toBe(
      true,
    );
    adminTab.stop();
    await waitFor(() => !owner.isOnline(adminMembership));
    owner.stop();
  });

  it('takes the tab off the list when its socket closes', async () => {
    const owner = watch(org.owner, org);
    const adminTab = watch(admin, org);
    await waitFor(() => owner.isOnline(adminMembership));
    await adminTab.close();
    await waitFor(() => !owner.isOnline(adminMembership));
    owner.stop();
  });

  it('refuses a page outside the org', async () => {
    const adminTab = watch(admin, org, `/o/${other.slug}`);
    await waitFor(() => adminTab.errors.length > 0);
    expect(adminTab.errors[0]?.data?.code).toBe('BAD_REQUEST');
    expect(adminTab.updates).toEqual([]);
  });

  it('gives a deactivated member nothing, and cuts off one deactivated while subscribed', async () => {
    const viewer = await addTestMember(org, 'presence-viewer', 'viewer');
    const viewerMembership = await membershipIdOf(org.orgId, viewer.userId);
    const owner = watch(org.owner, org);
    const viewerTab = watch(viewer, org);
    await waitFor(() => owner.isOnline(viewerMembership));

    await adminQuery(`update memberships set status = 'deactivated' where id = $1`, [viewerMembership]);
    // What the members service publishes when it deactivates someone.
    await getRedis().publish(
      `org:${org.orgId}:access`,
      JSON.stringify({ type: 'member.deactivated', data: { membershipIds: [viewerMembership] } }),
    );
    await waitFor(() => viewerTab.errors.length > 0);
    expect(viewerTab.errors[0]?.data?.code).toBe('FORBIDDEN');
    await waitFor(() => !owner.isOnline(viewerMembership));

    const again = watch(viewer, org);
    await waitFor(() => again.errors.length > 0);
    expect(again.errors[0]?.data?.code).toBe('FORBIDDEN');
    expect(again.updates).toEqual([]);
    owner.stop();
  });
});
