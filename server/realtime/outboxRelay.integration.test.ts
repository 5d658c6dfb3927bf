/**
 * The outbox relay against the real PostgreSQL and Redis: committed events reach their org's
 * channel (once, as the browser's ActivityEvent), uncommitted and rolled-back ones never do, and
 * each org's events go to that org's channel only — also with two relays claiming rows at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, writeActivity, type TestOrg } from '../activity/testFixtures';
import type { ActivityEvent } from '../activity/types';
import { withTenant } from '../tenancy/withTenant';
import { createBus, type Bus } from './bus';
import { channelFor, recordEvent } from './outbox';
import { startOutboxRelay } from './outboxRelay';
import { sleep, waitFor } from '../../test/live';

/** Collects what the bus delivers on an org's activity channel. */
async function listen(bus: Bus, orgId: string): Promise<{ events: ActivityEvent[]; stop: () => void }> {
  const events: ActivityEvent[] = [];
  const stop = await bus.subscribe(channelFor(orgId, 'activity'), (message) =>
    events.push(JSON.parse(message) as ActivityEvent),
  );
  return { events, stop };
}

let bus: Bus;
let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  bus = createBus();
  [orgA, orgB] = await Promise.all([createTestOrg('relay-a'), createTestOrg('relay-b')]);
});

afterAll(async () => {
  await bus.close();
});

describe('outbox relay', () => {
  it('publishes a committed event to org:<id>:activity with the actor name and marks it published', async () => {
    const feed = await listen(bus, orgA.orgId);
    const relay = startOutboxRelay({ pollIntervalMs: 200 });
    try {
      const { id } = await writeActivity(orgA.orgId, orgA.owner.userId, 'org.updated', { name: 'Acme' });
      await waitFor(() => feed.events.some((e) => e.id === id));

      const event = feed.events.find((e) => e.id === id);
      expect(event).toEqual({
        id,
        type: 'org.updated',
        actor: { userId: orgA.owner.userId, name: orgA.owner.name },
        data: { name: 'Acme' },
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
      await waitFor(async () => {
        const [row] = await adminQuery<{ published_at: Date | null }>('select published_at from outbox where id = $1', [
          id,
        ]);
        return row?.published_at != null;
      });
    } finally {
      feed.stop();
      await relay.close();
    }
  });

  it('never publishes an uncommitted or rolled-back event', async () => {
    const feed = await listen(bus, orgA.orgId);
    const relay = startOutboxRelay({ pollIntervalMs: 100 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let uncommittedId = 0;
    const rolledBack = withTenant(orgA.orgId, { type: 'user', userId: orgA.owner.userId }, async (tx) => {
      uncommittedId = (
        await recordEvent(tx, { orgId: orgA.orgId, topic: 'activity', type: 'draft.saved', actorUserId: null })
      ).id;
      await held;
      throw new Error('roll back');
    });
    try {
      await waitFor(() => uncommittedId > 0);
      await sleep(600);
      expect(feed.events.map((e) => e.type)).not.toContain('draft.saved');

      release();
      await expect(rolledBack).rejects.toThrow('roll back');
      const { id: laterId } = await writeActivity(orgA.orgId, orgA.owner.userId, 'member.invited');
      await waitFor(() => feed.events.some((e) => e.id === laterId));
      expect(feed.events.map((e) => e.type)).not.toContain('draft.saved');
      expect(await adminQuery('select id from outbox where id = $1', [uncommittedId])).toEqual([]);
    } finally {
      release();
      feed.stop();
      await relay.close();
    }
  });

  it('wakes on NOTIFY without waiting for the poll, also after its LISTEN connection was killed', async () => {
    const feed = await listen(bus, orgA.orgId);
    const relay = startOutboxRelay({ pollIntervalMs: 60_000 });
    const listeners = () =>
      adminQuery<{ pid: number }>(
        `select pid from pg_stat_activity where application_name = 'atrium-outbox-relay' and datname = current_database()`,
      );
    try {
      await waitFor(async () => (await listeners()).length === 1);
      const first = await writeActivity(orgA.orgId, orgA.owner.userId, 'woken.by.notify');
      await waitFor(() => feed.events.some((e) => e.id === first.id), 2_000);

      const [{ pid } = { pid: 0 }] = await listeners();
      await adminQuery('select pg_terminate_backend($1)', [pid]);
      await waitFor(async () => (await listeners()).some((row) => row.pid !== pid));
      const second = await writeActivity(orgA.orgId, orgA.owner.userId, 'woken.after.reconnect');
      await waitFor(() => feed.events.some((e) => e.id === second.id), 2_000);
    } finally {
      feed.stop();
      await relay.close();
    }
  });

  it("delivers each org's events on its own channel only, exactly once with two relays running", async () => {
    const [feedA, feedB] = await Promise.all([listen(bus, orgA.orgId), listen(bus, orgB.orgId)]);
    const relays = [startOutboxRelay({ pollIntervalMs: 50 }), startOutboxRelay({ pollIntervalMs: 50 })];
    try {
      const written = { a: [] as number[], b: [] as number[] };
      for (let i = 0; i < 40; i++) {
        const [a, b] = await Promise.all([
          writeActivity(orgA.orgId, orgA.owner.userId, 'ticket.opened', { n: i }),
          writeActivity(orgB.orgId, orgB.owner.userId, 'ticket.opened', { n: i }),
        ]);
        written.a.push(a.id);
        written.b.push(b.id);
      }
      const hasAll = (events: ActivityEvent[], ids: number[]) => ids.every((id) => events.some((e) => e.id === id));
      await waitFor(() => hasAll(feedA.events, written.a) && hasAll(feedB.events, written.b));
      await sleep(300);

      const idsA = feedA.events.map((e) => e.id).filter((id) => id >= written.a[0]!);
      const idsB = feedB.events.map((e) => e.id).filter((id) => id >= written.b[0]!);
      expect(idsA.filter((id) => written.b.includes(id))).toEqual([]);
      expect(idsB.filter((id) => written.a.includes(id))).toEqual([]);
      expect(idsA.filter((id) => written.a.includes(id)).sort((x, y) => x - y)).toEqual(written.a);
      expect(idsB.filter((id) => written.b.includes(id)).sort((x, y) => x - y)).toEqual(written.b);
      expect(feedA.events.every((e) => e.actor?.userId !== orgB.owner.userId)).toBe(true);
    } finally {
      feedA.stop();
      feedB.stop();
      await Promise.all(relays.map((relay) => relay.close()));
    }
  });
});
