/**
 * The outbox relay against the real PostgreSQL and Redis: committed events reach their org's
 * channel (once, as the browser's ActivityEvent), uncommitted and rolled-back ones never do, and
 * each org's events go to that org's channel only — also with two relays claiming rows at once.
 * Recorded jobs (topic 'jobs') are handed to the relay's enqueueJobs after the commit and deleted,
 * never published; a relay without enqueueJobs leaves them, and a failing hand-off keeps them.
 * onActivityRelayed sees each activity row inside the relay's transaction: what it writes commits
 * with the publish, and when it fails the rows are neither published nor marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { createTestOrg, writeActivity, type TestOrg } from '../activity/testFixtures';
import type { ActivityEvent } from '../shared/activityEvent';
import { withTenant } from '../tenancy/withTenant';
import { createBus, type Bus } from './bus';
import { channelFor, recordEvent } from './outbox';
import { startOutboxRelay, type RecordedJob, type RelayedActivity } from './outboxRelay';
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
    const accessMessages: ActivityEvent[] = [];
    const access = await bus.subscribe(channelFor(orgA.orgId, 'access'), (message) =>
      accessMessages.push(JSON.parse(message) as ActivityEvent),
    );
    const relay = startOutboxRelay({ pollIntervalMs: 100 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let uncommittedId = 0;
    // An access event is written at once (an activity event only just before COMMIT): it sits
    // uncommitted in the outbox while the transaction is held open.
    const rolledBack = withTenant(orgA.orgId, { type: 'user', userId: orgA.owner.userId }, async (tx) => {
      await recordEvent(
        tx,
        { orgId: orgA.orgId, topic: 'access', type: 'draft.saved', actorUserId: null },
        { onWritten: (id) => (uncommittedId = id) },
      );
      await held;
      throw new Error('roll back');
    });
    try {
      await waitFor(() => uncommittedId > 0);
      await sleep(600);
      expect(accessMessages.map((e) => e.type)).not.toContain('draft.saved');

      release();
      await expect(rolledBack).rejects.toThrow('roll back');
      let laterId = 0;
      await withTenant(orgA.orgId, { type: 'user', userId: orgA.owner.userId }, (tx) =>
        recordEvent(
          tx,
          { orgId: orgA.orgId, topic: 'access', type: 'roles.changed', actorUserId: null },
          { onWritten: (id) => (laterId = id) },
        ),
      );
      await waitFor(() => accessMessages.some((e) => e.id === laterId));
      expect(accessMessages.map((e) => e.type)).not.toContain('draft.saved');
      expect(await adminQuery('select id from outbox where id = $1', [uncommittedId])).toEqual([]);
    } finally {
      release();
      access();
      await relay.close();
    }
  });

  it('gives activity events ids in commit order: a transaction that commits later gets the higher id', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let earlierStartedId = 0;
    const startedFirst = withTenant(orgA.orgId, { type: 'user', userId: orgA.owner.userId }, async (tx) => {
      await recordEvent(
        tx,
        { orgId: orgA.orgId, topic: 'activity', type: 'slow.change', actorUserId: null },
        { onWritten: (id) => (earlierStartedId = id) },
      );
      await held;
    });
    try {
      await sleep(100);
      const committedFirst = await writeActivity(orgA.orgId, orgA.owner.userId, 'quick.change');
      expect(earlierStartedId).toBe(0);
      release();
      await startedFirst;
      expect(earlierStartedId).toBeGreaterThan(committedFirst.id);
    } finally {
      release();
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

  it("delivers each org's events on its own channel only, exactly once and in commit order with two relays running", async () => {
    const [feedA, feedB] = await Promise.all([listen(bus, orgA.orgId), listen(bus, orgB.orgId)]);
    const relays = [startOutboxRelay({ pollIntervalMs: 50 }), startOutboxRelay({ pollIntervalMs: 50 })];
    try {
      const written = { a: [] as number[], b: [] as number[] };
      // Concurrent writers in each org: their commit order is whatever the database makes it.
      for (let round = 0; round < 10; round++) {
        const writes = await Promise.all(
          [0, 1, 2, 3].flatMap((i) => [
            writeActivity(orgA.orgId, orgA.owner.userId, 'ticket.opened', { n: round * 4 + i }).then(
              (e) => ['a', e.id] as const,
            ),
            writeActivity(orgB.orgId, orgB.owner.userId, 'ticket.opened', { n: round * 4 + i }).then(
              (e) => ['b', e.id] as const,
            ),
          ]),
        );
        for (const [org, id] of writes) written[org].push(id);
      }
      written.a.sort((x, y) => x - y);
      written.b.sort((x, y) => x - y);
      const hasAll = (events: ActivityEvent[], ids: number[]) => ids.every((id) => events.some((e) => e.id === id));
      await waitFor(() => hasAll(feedA.events, written.a) && hasAll(feedB.events, written.b));
      await sleep(300);

      const idsA = feedA.events.map((e) => e.id).filter((id) => id >= written.a[0]!);
      const idsB = feedB.events.map((e) => e.id).filter((id) => id >= written.b[0]!);
      expect(idsA.filter((id) => written.b.includes(id))).toEqual([]);
      expect(idsB.filter((id) => written.a.includes(id))).toEqual([]);
      // Received in id order, each once: ids follow commit order, and one relay at a time publishes an org.
      expect(idsA.filter((id) => written.a.includes(id))).toEqual(written.a);
      expect(idsB.filter((id) => written.b.includes(id))).toEqual(written.b);
      expect(feedA.events.every((e) => e.actor?.userId !== orgB.owner.userId)).toBe(true);
    } finally {
      feedA.stop();
      feedB.stop();
      await Promise.all(relays.map((relay) => relay.close()));
    }
  });

  it('hands committed jobs to enqueueJobs and deletes them, never publishing them; keeps them until a hand-off succeeds', async () => {
    const jobsChannel: string[] = [];
    const stopJobs = await bus.subscribe(channelFor(orgA.orgId, 'jobs'), (message) => jobsChannel.push(message));
    const record = (type: string, rollback = false) =>
      withTenant(orgA.orgId, { type: 'system', name: 'test' }, async (tx) => {
        await recordEvent(tx, { orgId: orgA.orgId, topic: 'jobs', type, actorUserId: null, data: { secret: type } });
        if (rollback) throw new Error('rolled back');
      });
    const jobRows = async () =>
      (
        await adminQuery<{ type: string }>(`select type from outbox where org_id = $1 and topic = 'jobs' order by id`, [
          orgA.orgId,
        ])
      ).map((row) => row.type);

    await record('committedJob');
    await expect(record('rolledBackJob', true)).rejects.toThrow('rolled back');
    const plain = startOutboxRelay({ pollIntervalMs: 100 });
    const handed: RecordedJob[] = [];
    let isRefusing = true;
    const handing = startOutboxRelay({
      pollIntervalMs: 100,
      enqueueJobs: async (orgId, jobs) => {
        if (isRefusing) throw new Error('queue away');
        if (orgId === orgA.orgId) handed.push(...jobs);
      },
    });
    try {
      // The plain relay skips the row; the handing one fails and rolls back: it stays.
      await sleep(500);
      expect(await jobRows()).toEqual(['committedJob']);
      isRefusing = false;
      await waitFor(() => handed.length > 0);
      expect(handed).toEqual([{ id: expect.any(Number), type: 'committedJob', data: { secret: 'committedJob' } }]);
      await waitFor(async () => (await jobRows()).length === 0);
      await sleep(300);
      expect(handed).toHaveLength(1);
      expect(jobsChannel).toEqual([]);
    } finally {
      stopJobs();
      await Promise.all([plain.close(), handing.close()]);
    }
  });

  it('hands activity rows to onActivityRelayed in its transaction, and publishes nothing while it fails', async () => {
    const feed = await listen(bus, orgB.orgId);
    const seen: RelayedActivity[] = [];
    let isFailing = true;
    const relay = startOutboxRelay({
      pollIntervalMs: 100,
      onActivityRelayed: async (tx, orgId, rows) => {
        if (orgId !== orgB.orgId) return;
        // Written in the relay's transaction: it commits with the publish or not at all.
        await recordEvent(tx, { orgId, topic: 'invitations', type: 'hook.wrote', actorUserId: null, data: {} });
        if (isFailing) throw new Error('hook failed');
        seen.push(...rows);
      },
    });
    try {
      const { id } = await writeActivity(orgB.orgId, orgB.owner.userId, 'member.updated', { n: 1 });
      await sleep(500);
      expect(feed.events.filter((e) => e.id === id)).toEqual([]);
      const hookRows = () =>
        adminQuery(`select id from outbox where org_id = $1 and type = 'hook.wrote'`, [orgB.orgId]);
      expect(await hookRows()).toEqual([]);

      isFailing = false;
      await waitFor(() => feed.events.some((e) => e.id === id));
      expect(seen.filter((row) => row.id === id)).toEqual([
        { id, type: 'member.updated', actorUserId: orgB.owner.userId, data: { n: 1 }, createdAt: expect.any(Date) },
      ]);
      // Published before the relay's COMMIT: the hook's row is visible once that commit lands.
      await waitFor(async () => (await hookRows()).length > 0);
      expect(await hookRows()).toHaveLength(1);
    } finally {
      feed.stop();
      await relay.close();
    }
  });
});
