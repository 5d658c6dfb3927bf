/**
 * One subscriber's view of a bus channel as an async iterator: messages and reconnect notices in
 * arrival order, buffered while the consumer is busy (a database replay, a slow socket). The
 * buffer is bounded: a consumer that falls too far behind gets an error instead of unbounded
 * memory, and resumes from its last event id when it reconnects — or, with `onOverflow: 'resync'`,
 * the buffer is emptied and replaced by one 'reconnected' item (reason 'overflow'): the consumer
 * re-reads from its source of truth as after a bus reconnect, and stays subscribed.
 */
import { AppError } from '../errors';
import type { Bus, Unsubscribe } from './bus';

/** 'reconnected': messages may have been missed (the bus reconnected, or the buffer overflowed). */
export type FeedItem = { kind: 'message'; message: string } | { kind: 'reconnected'; reason?: 'bus' | 'overflow' };

export type ChannelFeed = AsyncIterableIterator<FeedItem> & {
  close(): void;
  /**
   * Hands every buffered item, then every later one, to `listener` as it arrives — no buffer, no
   * promise per item — for a consumer that delivers synchronously (server/activity/liveTail.ts).
   * The iterator is not used afterwards.
   */
  divert(listener: (item: FeedItem) => void): void;
};

export type ChannelFeedOptions = {
  maxBuffered?: number;
  signal?: AbortSignal;
  /** 'fail' (default): end with TOO_MANY_REQUESTS. 'resync': drop the backlog, signal 'reconnected'. */
  onOverflow?: 'fail' | 'resync';
};

export const DEFAULT_MAX_BUFFERED = 1_000;

/** Subscribes and resolves once Redis has confirmed it, so nothing published afterwards is missed. */
export async function openChannelFeed(
  bus: Bus,
  channel: string,
  options: ChannelFeedOptions = {},
): Promise<ChannelFeed> {
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  const { signal } = options;
  const queue: FeedItem[] = [];
  let waiter: ((result: IteratorResult<FeedItem>) => void) | null = null;
  let failure: Error | null = null;
  let isClosed = false;
  let diverted: ((item: FeedItem) => void) | null = null;
  let unsubscribe: Unsubscribe = () => undefined;

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    unsubscribe();
    stopReconnect();
    signal?.removeEventListener('abort', close);
    queue.length = 0;
    waiter?.({ value: undefined, done: true });
    waiter = null;
  };

  const push = (item: FeedItem) => {
    if (isClosed) return;
    if (diverted) return diverted(item);
    if (waiter) {
      const current = waiter;
      waiter = null;
      current({ value: item, done: false });
      return;
    }
    if (queue.length >= maxBuffered) {
      if (options.onOverflow === 'resync') {
        // Everything dropped here is also in the consumer's source of truth, after its cursor.
        queue.length = 0;
        queue.push({ kind: 'reconnected', reason: 'overflow' });
        return;
      }
      failure = new AppError('FEED_FELL_BEHIND');
      close();
      return;
    }
    queue.push(item);
  };

  const stopReconnect = bus.onReconnect(() => push({ kind: 'reconnected', reason: 'bus' }));
  signal?.addEventListener('abort', close, { once: true });
  try {
    const off = await bus.subscribe(channel, (message) => push({ kind: 'message', message }));
    if (isClosed) off();
    else unsubscribe = off;
    if (signal?.aborted) close();
  } catch (error) {
    close();
    throw error;
  }

  const feed: ChannelFeed = {
    next() {
      const item = queue.shift();
      if (item) return Promise.resolve({ value: item, done: false });
      if (failure) return Promise.reject(failure);
      if (isClosed) return Promise.resolve({ value: undefined, done: true });
      return new Promise<IteratorResult<FeedItem>>((resolve) => {
        waiter = resolve;
      });
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    close,
    divert(listener) {
      diverted = listener;
      for (const item of queue.splice(0)) {
        if (isClosed) return;
        listener(item);
      }
    },
    [Symbol.asyncIterator]() {
      return feed;
    },
  };
  return feed;
}
