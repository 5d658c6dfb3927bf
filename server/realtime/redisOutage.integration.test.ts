/**
 * A Redis outage, for real: this test starts its own redis-server, points a relay, a bus and a
 * live activity stream at it, kills it, writes events while it is gone, and starts it again on
 * the same port. Events written meanwhile stay unpublished in the outbox, and once Redis is back
 * they are published and reach the subscriber in order, without a gap or a duplicate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { liveActivity } from '../activity/live';
import { createTestOrg, writeActivity, type TestOrg } from '../activity/testFixtures';
import type { ActivityEvent } from '../shared/activityEvent';
import { createBus, type Bus } from './bus';
import { channelFor } from './outbox';
import { startOutboxRelay } from './outboxRelay';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** redis-server on a fixed port, without persistence, that the test can kill and start again. */
class ScratchRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    await waitFor(async () => {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

async function publishedAt(ids: number[]): Promise<(Date | null)[]> {
  const rows = await adminQuery<{ id: string; published_at: Date | null }>(
    'select id, published_at from outbox where id = any($1::bigint[]) order by id',
    [ids],
  );
  return rows.map((row) => row.published_at);
}

let redis: ScratchRedis;
let org: TestOrg;

beforeAll(async () => {
  redis = new ScratchRedis(await freePort());
  await redis.start();
  org = await createTestOrg('outage');
});

afterAll(async () => {
  await redis.kill();
});

describe('Redis outage', () => {
  it('keeps events in the outbox while Redis is down and delivers them, in order, when it returns', async () => {
    const relay = startOutboxRelay({ redisUrl: redis.url, pollIntervalMs: 100 });
    const bus: Bus = createBus({ redisUrl: redis.url });
    let reconnects = 0;
    bus.onReconnect(() => (reconnects += 1));
    const abort = new AbortController();
    const received: ActivityEvent[] = [];
    const stream = liveActivity({
      orgId: org.orgId,
      actor: { type: 'user', userId: org.owner.userId },
      lastEventId: null,
      signal: abort.signal,
      bus,
    });
    const consuming = (async () => {
      for await (const [, event] of stream) received.push(event);
    })();
    // A second, plain listener on the same bus: proves the channel itself is subscribed again.
    const direct: number[] = [];
    await waitFor(() => bus.isConnected);
    const stopDirect = await bus.subscribe(channelFor(org.orgId, 'activity'), (message) =>
      direct.push((JSON.parse(message) as ActivityEvent).id),
    );

    try {
      // The stream subscribes in the background and, without a lastEventId, replays nothing: an
      // event relayed before its subscription is not heard. Write until one is.
      let before = await writeActivity(org.orgId, org.owner.userId, 'before.outage');
      let writtenAt = Date.now();
      await waitFor(async () => {
        if (received.some((e) => e.id === before.id)) return true;
        if (Date.now() - writtenAt > 500) {
          before = await writeActivity(org.orgId, org.owner.userId, 'before.outage');
          writtenAt = Date.now();
        }
        return false;
      });

      await redis.kill();
      await waitFor(() => !bus.isConnected);
      const during = [
        (await writeActivity(org.orgId, org.owner.userId, 'during.outage', { n: 1 })).id,
        (await writeActivity(org.orgId, org.owner.userId, 'during.outage', { n: 2 })).id,
      ];
      await sleep(1_000);
      expect(await publishedAt(during)).toEqual([null, null]);
      expect(received.filter((e) => e.id >= before.id).map((e) => e.id)).toEqual([before.id]);

      await redis.start();
      await waitFor(async () => (await publishedAt(during)).every((at) => at !== null));
      await waitFor(() => during.every((id) => received.some((e) => e.id === id)));
      expect(reconnects).toBeGreaterThanOrEqual(1);

      const after = await writeActivity(org.orgId, org.owner.userId, 'after.outage');
      await waitFor(() => received.some((e) => e.id === after.id) && direct.includes(after.id));
      const sinceBefore = received.filter((e) => e.id >= before.id);
      expect(sinceBefore.map((e) => e.id)).toEqual([before.id, ...during, after.id]);
      expect(sinceBefore.map((e) => e.type)).toEqual([
        'before.outage',
        'during.outage',
        'during.outage',
        'after.outage',
      ]);
    } finally {
      abort.abort();
      await consuming;
      stopDirect();
      await bus.close();
      await relay.close();
    }
  }, 40_000);
});
