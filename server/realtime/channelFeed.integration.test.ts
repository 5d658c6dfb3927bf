/**
 * A subscriber's channel feed on the real Redis bus: it buffers while the consumer is busy, ends
 * with an error when it falls too far behind, and an abort releases the Redis subscription.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelName, closeRedis, getRedis } from '../redis';
import { createBus, type Bus } from './bus';
import { openChannelFeed } from './channelFeed';
import { waitFor } from '../../test/live';

async function numsub(channel: string): Promise<number> {
  const [, count] = (await getRedis().pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}

let bus: Bus;

beforeAll(() => {
  bus = createBus();
});

afterAll(async () => {
  await bus.close();
  await closeRedis();
});

describe('channel feed', () => {
  it('hands over messages published while the consumer was busy, in order', async () => {
    const channel = channelName(`test:${randomUUID()}`);
    const feed = await openChannelFeed(bus, channel);
    for (const n of [1, 2, 3]) await getRedis().publish(channel, `m${n}`);
    const got: string[] = [];
    for await (const item of feed) {
      if (item.kind === 'message') got.push(item.message);
      if (got.length === 3) break;
    }
    expect(got).toEqual(['m1', 'm2', 'm3']);
    await waitFor(async () => (await numsub(channel)) === 0);
  });

  it('ends with TOO_MANY_REQUESTS when the buffer overflows, and unsubscribes', async () => {
    const channel = channelName(`test:${randomUUID()}`);
    const feed = await openChannelFeed(bus, channel, { maxBuffered: 3 });
    for (let n = 0; n < 5; n++) await getRedis().publish(channel, `m${n}`);
    await waitFor(async () => (await numsub(channel)) === 0);
    await expect(feed.next()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('finishes a waiting consumer when its signal aborts', async () => {
    const channel = channelName(`test:${randomUUID()}`);
    const abort = new AbortController();
    const feed = await openChannelFeed(bus, channel, { signal: abort.signal });
    expect(await numsub(channel)).toBe(1);
    const pending = feed.next();
    abort.abort();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await waitFor(async () => (await numsub(channel)) === 0);
  });
});
