/**
 * The live activity feed end to end: real sessions, the real WebSocket endpoint
 * (server/http/websocket.ts), a tRPC client over `ws`, the outbox relay and Redis. Events reach
 * every member of their org and nobody else; a client resumes from its last event id; leaving
 * releases the Redis subscription.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, memberRoles, rolePermissions, roles } from '../../db/schema';
import { sleep, startLiveServer, subscriberCount, waitFor, type LiveServer } from '../../test/live';
import { channelFor } from '../realtime/outbox';
import { createRedis } from '../redis';
import { withTenant } from '../tenancy/withTenant';
import type { AppRouter } from '../trpc/router';
import {
  addTestMember,
  createTestOrg,
  createTestUser,
  writeActivity,
  type TestOrg,
  type TestUser,
} from './testFixtures';
import type { ActivityEvent } from '../shared/activityEvent';

type Received = { id: string; data: ActivityEvent };
type Subscriber = { events: Received[]; errors: TRPCClientErrorLike<AppRouter>[]; stop: () => void };

let live: LiveServer;

const clientFor = (user: TestUser) => live.clientFor(user.cookie);

function subscribe(user: TestUser, orgSlug: string, lastEventId?: number): Subscriber {
  const events: Received[] = [];
  const errors: TRPCClientErrorLike<AppRouter>[] = [];
  const subscription = clientFor(user).activity.live.subscribe(
    { orgSlug, lastEventId: lastEventId === undefined ? null : String(lastEventId) },
    { onData: (item) => events.push(item), onError: (error) => errors.push(error) },
  );
  return { events, errors, stop: () => subscription.unsubscribe() };
}

const ids = (subscriber: Subscriber) => subscriber.events.map((e) => e.data.id);

let orgA: TestOrg;
let orgB: TestOrg;
let viewerA: TestUser;

beforeAll(async () => {
  live = await startLiveServer();
  [orgA, orgB] = await Promise.all([createTestOrg('live-a'), createTestOrg('live-b')]);
  viewerA = await addTestMember(orgA, 'live-a-viewer');
});

afterAll(async () => {
  await live.close();
});

describe('activity.live', () => {
  it("delivers an org's events to every member of that org and to nobody else", async () => {
    const markerA = await writeActivity(orgA.orgId, orgA.owner.userId, 'marker');
    const markerB = await writeActivity(orgB.orgId, orgB.owner.userId, 'marker');
    const owner = subscribe(orgA.owner, orgA.slug, markerA.id);
    const viewer = subscribe(viewerA, orgA.slug, markerA.id);
    const outsider = subscribe(orgB.owner, orgB.slug, markerB.id);
    try {
      const inA = await writeActivity(orgA.orgId, orgA.owner.userId, 'ticket.updated', { status: 'solved' });
      const inB = await writeActivity(orgB.orgId, orgB.owner.userId, 'ticket.opened');
      await waitFor(
        () => ids(owner).includes(inA.id) && ids(viewer).includes(inA.id) && ids(outsider).includes(inB.id),
      );
      await sleep(300);

      expect(ids(owner)).toEqual([inA.id]);
      expect(ids(viewer)).toEqual([inA.id]);
      expect(ids(outsider)).toEqual([inB.id]);
      expect(viewer.events[0]).toEqual({
        id: String(inA.id),
        data: {
          id: inA.id,
          type: 'ticket.updated',
          actor: { userId: orgA.owner.userId, name: orgA.owner.name },
          data: { status: 'solved' },
          createdAt: expect.any(String),
        },
      });
      expect([owner, viewer, outsider].flatMap((s) => s.errors)).toEqual([]);
    } finally {
      [owner, viewer, outsider].forEach((s) => s.stop());
    }
  });

  it('streams new events live to a fresh subscriber', async () => {
    const viewer = subscribe(viewerA, orgA.slug);
    try {
      await waitFor(async () => (await subscriberCount(orgA.orgId, 'activity')) > 0);
      // The subscription is confirmed asynchronously; keep writing until the first one arrives.
      const written: number[] = [];
      await waitFor(async () => {
        written.push((await writeActivity(orgA.orgId, orgA.owner.userId, 'probe')).id);
        await sleep(100);
        return viewer.events.length > 0;
      });
      const next = await writeActivity(orgA.orgId, viewerA.userId, 'member.updated', { title: 'CFO' });
      await waitFor(() => ids(viewer).includes(next.id));

      const received = ids(viewer);
      expect(received).toEqual([...received].sort((x, y) => x - y));
      expect(new Set(received).size).toBe(received.length);
      expect(received.every((id) => written.includes(id) || id === next.id)).toBe(true);
      expect(viewer.events.at(-1)?.data.actor).toEqual({ userId: viewerA.userId, name: viewerA.name });
    } finally {
      viewer.stop();
    }
  });

  it('gives a fresh subscriber nothing committed before it subscribed, even when published again', async () => {
    const org = await createTestOrg('live-fresh');
    const channel = channelFor(org.orgId, 'activity');
    const published: string[] = [];
    const tap = createRedis({});
    const publisher = createRedis({});
    tap.on('message', (_channel: string, message: string) => published.push(message));
    await tap.subscribe(channel);
    const old = await writeActivity(org.orgId, org.owner.userId, 'ticket.opened');
    await waitFor(() => published.some((m) => m.includes(`"id":${old.id},`)));
    const fresh = subscribe(org.owner, org.slug);
    try {
      await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) === 2);
      // Keep writing until the subscription is live, then republish the old event.
      await waitFor(async () => {
        await writeActivity(org.orgId, org.owner.userId, 'probe');
        await sleep(100);
        return fresh.events.length > 0;
      });
      for (const message of published.filter((m) => m.includes(`"id":${old.id},`))) {
        await publisher.publish(channel, message);
      }
      const after = await writeActivity(org.orgId, org.owner.userId, 'ticket.solved');
      await waitFor(() => ids(fresh).includes(after.id));
      expect(ids(fresh)).not.toContain(old.id);
    } finally {
      fresh.stop();
      await Promise.all([tap.quit(), publisher.quit()]);
    }
  });

  it('resumes after lastEventId from the database, then continues live', async () => {
    const first = await writeActivity(orgA.orgId, orgA.owner.userId, 'missed', { n: 1 });
    const second = await writeActivity(orgA.orgId, orgA.owner.userId, 'missed', { n: 2 });
    const third = await writeActivity(orgA.orgId, orgA.owner.userId, 'missed', { n: 3 });
    const viewer = subscribe(viewerA, orgA.slug, first.id);
    try {
      await waitFor(() => ids(viewer).includes(third.id));
      const live = await writeActivity(orgA.orgId, orgA.owner.userId, 'live');
      await waitFor(() => ids(viewer).includes(live.id));
      expect(ids(viewer)).toEqual([second.id, third.id, live.id]);
      expect(viewer.events.map((e) => e.id)).toEqual([second.id, third.id, live.id].map(String));
    } finally {
      viewer.stop();
    }
  });

  it("refuses another org's feed and a member without activity:read", async () => {
    const noFeedUser = await createTestUser('no-feed');
    await withTenant(orgA.orgId, { type: 'user', userId: noFeedUser.userId }, async (tx) => {
      const [role] = await tx
        .insert(roles)
        .values({ orgId: orgA.orgId, name: 'Profile only' })
        .returning({ id: roles.id });
      await tx.insert(rolePermissions).values({ orgId: orgA.orgId, roleId: role!.id, permission: 'org:read' });
      const [membership] = await tx
        .insert(memberships)
        .values({ orgId: orgA.orgId, userId: noFeedUser.userId })
        .returning({ id: memberships.id });
      await tx.insert(memberRoles).values({ orgId: orgA.orgId, membershipId: membership!.id, roleId: role!.id });
    });

    const outsider = subscribe(orgB.owner, orgA.slug);
    const withoutPermission = subscribe(noFeedUser, orgA.slug);
    try {
      await waitFor(() => outsider.errors.length > 0 && withoutPermission.errors.length > 0);
      expect(outsider.errors[0]?.data).toMatchObject({ code: 'NOT_FOUND', appCode: 'ORG_NOT_FOUND' });
      expect(withoutPermission.errors[0]?.data).toMatchObject({
        code: 'FORBIDDEN',
        details: { permission: 'activity:read' },
      });
      const after = await writeActivity(orgA.orgId, orgA.owner.userId, 'secret.changed');
      await sleep(400);
      expect(ids(outsider)).not.toContain(after.id);
      expect(ids(withoutPermission)).not.toContain(after.id);
    } finally {
      outsider.stop();
      withoutPermission.stop();
    }
  });

  it('delivers an event published twice once to each subscriber, also to one that joined in between', async () => {
    const org = await createTestOrg('live-twice');
    const member = await addTestMember(org, 'live-twice-viewer');
    const channel = channelFor(org.orgId, 'activity');
    const published: string[] = [];
    const tap = createRedis({});
    const publisher = createRedis({});
    tap.on('message', (_channel: string, message: string) => published.push(message));
    await tap.subscribe(channel);
    const marker = await writeActivity(org.orgId, org.owner.userId, 'marker');
    const early = subscribe(org.owner, org.slug, marker.id);
    let late: Subscriber | null = null;
    try {
      await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) === 2);
      const first = await writeActivity(org.orgId, org.owner.userId, 'ticket.opened');
      await waitFor(() => ids(early).includes(first.id) && published.some((m) => m.includes(`"id":${first.id},`)));
      // Joins after `first` went out live: it has it from its replay.
      late = subscribe(member, org.slug, marker.id);
      await waitFor(() => ids(late!).includes(first.id));
      const second = await writeActivity(org.orgId, org.owner.userId, 'ticket.updated');
      await waitFor(() => ids(early).includes(second.id) && ids(late!).includes(second.id));
      await waitFor(() => published.some((m) => m.includes(`"id":${second.id},`)));

      // The relay publishes at least once: both messages again, as they were.
      for (const message of [...published]) await publisher.publish(channel, message);
      const third = await writeActivity(org.orgId, org.owner.userId, 'ticket.solved');
      await waitFor(() => ids(early).includes(third.id) && ids(late!).includes(third.id));
      await sleep(200);

      expect(ids(early)).toEqual([first.id, second.id, third.id]);
      expect(ids(late)).toEqual([first.id, second.id, third.id]);
    } finally {
      early.stop();
      late?.stop();
      await Promise.all([tap.quit(), publisher.quit()]);
    }
  });

  it('releases the Redis subscription when the last subscriber of an org leaves', async () => {
    const org = await createTestOrg('live-leave');
    const member = await addTestMember(org, 'live-leave-viewer');
    const first = subscribe(org.owner, org.slug);
    const second = subscribe(member, org.slug);
    await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) === 1);
    first.stop();
    await sleep(200);
    expect(await subscriberCount(org.orgId, 'activity')).toBe(1);
    second.stop();
    await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) === 0);
  });
});
