/**
 * A live activity stream whose consumer falls behind (the socket is slow, a replay is long) keeps
 * at most `maxBuffered` live messages: past that the backlog is dropped and the stream re-reads the
 * database from its cursor instead — bounded memory, and still every event once, in order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../../test/db';
import { sleep, waitFor } from '../../test/live';
import { createBus, type Bus } from '../realtime/bus';
import { openChannelFeed } from '../realtime/channelFeed';
import { startOutboxRelay } from '../realtime/outboxRelay';
import { channelName, closeRedis, getRedis } from '../redis';
import { liveActivity } from './live';
import { createTestOrg, writeActivity, type TestOrg } from './testFixtures';

let bus: Bus;
let relay: ReturnType<typeof startOutboxRelay>;
let org: TestOrg;

beforeAll(async () => {
  bus = createBus();
  relay = startOutboxRelay({ pollIntervalMs: 100 });
  org = await createTestOrg('overflow');
});

afterAll(async () => {
  await relay.close();
  await bus.close();
  await closeRedis();
});

describe('falling behind the live feed', () => {
  it("with onOverflow 'resync', replaces the backlog by one resync notice and stays subscribed", async () => {
    const channel = channelName(`test:${randomUUID()}`);
    const feed = await openChannelFeed(bus, channel, { maxBuffered: 3, onOverflow: 'resync' });
    try {
      for (let n = 0; n < 5; n++) await getRedis().publish(channel, `m${n}`);
      await sleep(200);
      await getRedis().publish(channel, 'after');
      expect((await feed.next()).value).toEqual({ kind: 'reconnected', reason: 'overflow' });
      // m0–m2 filled the buffer; m3 overflowed it and was dropped with them; m4 and 'after' follow the notice.
      const rest: unknown[] = [];
      for (;;) {
        const next = await Promise.race([feed.next(), sleep(300).then(() => null)]);
        if (!next) break;
        rest.push(next.value);
      }
      expect(rest).toEqual([
        { kind: 'message', message: 'm4' },
        { kind: 'message', message: 'after' },
      ]);
    } finally {
      feed.close();
    }
  });

  it('delivers every event once, in order, when the consumer resumes after overflowing its buffer', async () => {
    const marker = await writeActivity(org.orgId, org.owner.userId, 'overflow.marker');
    const abort = new AbortController();
    const stream = liveActivity({
      orgId: org.orgId,
      actor: { type: 'user', userId: org.owner.userId },
      lastEventId: marker.id,
      signal: abort.signal,
      bus,
      maxBuffered: 5,
    });
    try {
      const pending = stream.next();
      const first = await writeActivity(org.orgId, org.owner.userId, 'overflow.first');
      const firstResult = await pending;
      expect(firstResult.done ? null : firstResult.value[1].id).toBe(first.id);

      // The consumer stops pulling while 30 events are published: far more than 5 buffered.
      const written: number[] = [];
      for (let n = 0; n < 30; n++)
        written.push((await writeActivity(org.orgId, org.owner.userId, 'overflow.n', { n })).id);
      await waitFor(async () => {
        const [row] = await adminQuery<{ pending: string }>(
          'select count(*) as pending from outbox where id = any($1::bigint[]) and published_at is null',
          [written],
        );
        return row?.pending === '0';
      });
      await sleep(300);

      const received: number[] = [];
      while (received.length < written.length) {
        const next = await stream.next();
        if (next.done) break;
        received.push(next.value[1].id);
      }
      expect(received).toEqual(written);
      const after = await writeActivity(org.orgId, org.owner.userId, 'overflow.after');
      const next = await stream.next();
      expect(next.done ? null : next.value[1].id).toBe(after.id);
    } finally {
      abort.abort();
      await stream.return(undefined);
    }
  });
});
