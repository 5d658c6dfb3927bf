/**
 * The activity feed across server processes: two app nodes (test/twoNodes.ts) on their own
 * ports share this worker's PostgreSQL and Redis. Node A serves HTTP and WebSockets only; node B
 * also runs the outbox relay. A member subscribed on node A receives an event produced by a
 * mutation through node B: written to the outbox by B, published to Redis by B's relay, delivered
 * by A's subscriber connection. Delivery is asserted with the usual generous wait; the time it
 * took is measured and printed, never asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, subscriberCount, waitFor } from '../../test/live';
import { startAppNode, type AppNode } from '../../test/twoNodes';
import { addTestMember, createTestOrg, type TestOrg, type TestUser } from './testFixtures';
import type { ActivityEvent } from '../shared/activityEvent';

let nodeA: AppNode | undefined;
let nodeB: AppNode | undefined;
let org: TestOrg;
let viewer: TestUser;

beforeAll(async () => {
  [nodeA, nodeB, org] = await Promise.all([
    startAppNode({ relay: false }),
    startAppNode({ relay: true }),
    createTestOrg('feed-nodes'),
  ]);
  viewer = await addTestMember(org, 'feed-nodes-viewer', 'viewer');
}, 45_000);

afterAll(async () => {
  await Promise.all([nodeA?.stop(), nodeB?.stop()]);
});

describe('activity across two server processes', () => {
  it('delivers to a member on node A an event produced through node B', async () => {
    const a = nodeA!;
    const b = nodeB!;
    expect(a.port).not.toBe(b.port);
    const received: { event: ActivityEvent; at: number }[] = [];
    const errors: unknown[] = [];
    const socket = a.wsClientFor(viewer.cookie);
    const subscription = socket.client.activity.live.subscribe(
      { orgSlug: org.slug, lastEventId: null },
      {
        onData: (envelope) => received.push({ event: envelope.data, at: performance.now() }),
        onError: (error) => errors.push(error),
      },
    );
    const owner = b.httpClientFor(org.owner.cookie);
    try {
      // Node A's subscription holds the org's channel (this process holds no bus of its own).
      await waitFor(async () => (await subscriberCount(org.orgId, 'activity')) >= 1);
      // A fresh subscription starts after the newest event once resolved; let it settle.
      await sleep(300);

      const delays: number[] = [];
      for (let n = 1; n <= 5; n++) {
        const { version } = await owner.orgs.profile.query({ orgSlug: org.slug });
        const name = `Renamed on node B ${n}`;
        const sentAt = performance.now();
        await owner.orgs.updateProfile.mutate({
          orgSlug: org.slug,
          version,
          name,
          billingAddress: null,
          taxId: null,
        });
        await waitFor(() => received.some((r) => r.event.data.name === name));
        const arrival = received.find((r) => r.event.data.name === name)!;
        expect(arrival.event).toMatchObject({
          type: 'org.updated',
          actor: { userId: org.owner.userId, name: org.owner.name },
          data: { fields: ['name'], name },
        });
        delays.push(arrival.at - sentAt);
      }
      const ids = received.map((r) => r.event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(errors).toEqual([]);
      // Measured, not asserted: from sending the mutation to node B until node A's client has it.
      console.log(`cross-node delivery (ms): ${delays.map((d) => d.toFixed(0)).join(', ')}`);
    } finally {
      subscription.unsubscribe();
      await socket.close();
    }
  }, 60_000);
});
