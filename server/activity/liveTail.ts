/**
 * The live tail of one activity subscriber once tRPC has handed it over (server/realtime/liveFrames.ts):
 * channel messages arrive by callback and each accepted event is written to the socket as a
 * pre-built frame — no promise, generator or serialization per subscriber and message. The rules
 * are those of live.ts: only events the reader may see (ActivityCursor.accept), each once, in
 * order; after a bus reconnect, or when more than `maxBuffered` messages arrive while a database
 * read is running, the backlog is dropped and the database re-read from the cursor. While the
 * member's access is re-resolved, messages wait, so none is judged by a stale reader.
 * Writes go through `ws.send`, so the socket's backlog bound still drops a client that stops reading.
 */
import type { WebSocket } from 'ws';
import type { ChannelFeed, FeedItem } from '../realtime/channelFeed';
import { liveFrame, trackedFrame, serializeTracked, writeFrame } from '../realtime/liveFrames';
import type { ActivityReader } from './eventPermissions';
import { accessEndedError, liveMessage, type ActivityCursor } from './liveCursor';

export type LiveTailOptions = {
  socket: WebSocket;
  framePrefix: string;
  state: ActivityCursor;
  feed: ChannelFeed;
  maxBuffered: number;
  signal?: AbortSignal;
  /** Re-resolves the member's reader; null when they may no longer read the feed. */
  resolveReader?: () => Promise<ActivityReader | null>;
};

export class LiveTail {
  /** Settles when the tail ends: resolved when stopped, rejected when it failed or access ended. */
  readonly done: Promise<void>;
  private settle: (error?: unknown) => void = () => undefined;
  private isFinished = false;
  /** A database read or an access re-resolution is running; messages wait in `pending`. */
  private isBusy = false;
  private pending: FeedItem[] = [];
  private needsReplay = false;
  private needsReader = false;

  constructor(private readonly options: LiveTailOptions) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
  }

  /** Takes the feed over, delivering what it buffered first. */
  start(): void {
    const { signal } = this.options;
    if (signal?.aborted) return this.finish();
    signal?.addEventListener('abort', this.stop, { once: true });
    this.options.feed.divert(this.onItem);
  }

  readonly stop = (): void => this.finish();

  /** An 'access' event named the member: re-resolve before judging further messages. */
  readonly onAccessChange = (): void => {
    if (this.isFinished || !this.options.resolveReader) return;
    this.needsReader = true;
    if (!this.isBusy) this.next();
  };

  private readonly onItem = (item: FeedItem): void => {
    if (this.isFinished) return;
    if (this.isBusy) return this.hold(item);
    if (item.kind === 'reconnected') {
      this.needsReplay = true;
      return this.next();
    }
    try {
      const { event, frames } = liveMessage(item.message);
      if (this.options.state.accept(event)) writeFrame(this.options.socket, frames.frame(this.options.framePrefix));
    } catch (error) {
      this.finish(error);
    }
  };

  private hold(item: FeedItem): void {
    if (item.kind === 'reconnected' || this.pending.length >= this.options.maxBuffered) {
      // Everything dropped here is in the database after the cursor: the replay reads it.
      this.pending.length = 0;
      this.needsReplay = true;
      return;
    }
    this.pending.push(item);
  }

  /** Runs what is due, in order: a new reader, a replay, then the messages that waited. */
  private next(): void {
    if (this.isFinished) return;
    if (this.needsReader) {
      this.needsReader = false;
      return this.exclusive(() => this.refreshReader());
    }
    if (this.needsReplay) {
      this.needsReplay = false;
      this.pending.length = 0;
      return this.exclusive(() => this.replay());
    }
    const waiting = this.pending;
    this.pending = [];
    for (const item of waiting) this.onItem(item);
  }

  private exclusive(work: () => Promise<void>): void {
    this.isBusy = true;
    work().then(
      () => {
        this.isBusy = false;
        this.next();
      },
      (error: unknown) => this.finish(error),
    );
  }

  private async refreshReader(): Promise<void> {
    const reader = await this.options.resolveReader!();
    if (this.isFinished) return;
    if (!reader) throw accessEndedError();
    this.options.state.reader = reader;
  }

  private async replay(): Promise<void> {
    const { state, socket, framePrefix } = this.options;
    for (;;) {
      const page = await state.readPage();
      if (this.isFinished) return;
      for (const event of page.events) {
        const id = String(event.id);
        writeFrame(socket, liveFrame(Buffer.from(trackedFrame(framePrefix, id, serializeTracked(id, event)), 'utf8')));
      }
      if (page.isLast) return;
    }
  }

  private finish(error?: unknown): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.pending.length = 0;
    this.options.feed.close();
    this.options.signal?.removeEventListener('abort', this.stop);
    this.settle(error);
  }
}
