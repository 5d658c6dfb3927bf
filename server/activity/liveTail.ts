/**
 * The live tail of one activity subscriber once tRPC has handed it over (server/realtime/trpcFrames.ts):
 * it takes what its own feed buffered during the replay, then joins the process's group for the
 * channel (liveGroup.ts), which hands it each message already parsed and framed. Each accepted
 * event is written to the socket as the shared pre-built frame — no promise, generator or
 * serialization per subscriber and message. The rules are those of live.ts: only events the
 * reader may see, each once, in order; after a bus reconnect, or when more than `maxBuffered`
 * messages arrive while a database read is running, the backlog is dropped and the database
 * re-read from the cursor. While the member's access is re-resolved, messages wait, so none is
 * judged by a stale reader.
 * Writes go through `ws.send`, so the socket's backlog bound still drops a client that stops reading.
 */
import type { WebSocket } from 'ws';
import type { Unsubscribe } from '../realtime/bus';
import type { ChannelFeed, FeedItem } from '../realtime/channelFeed';
import { eventFrame, writeFrame } from '../realtime/liveFrames';
import type { ActivityReader } from './eventPermissions';
import type { LiveGroupMember } from './liveGroup';
import { accessEndedError, liveMessage, type ActivityCursor, type LiveMessage } from './liveCursor';

export type LiveTailOptions = {
  socket: WebSocket;
  framePrefix: string;
  state: ActivityCursor;
  /** Subscribed before the replay; its buffer is delivered first, then it is closed. */
  feed: ChannelFeed;
  /** Joins the channel's live group (liveGroup.ts) in the same tick the feed is closed. */
  join: (member: LiveGroupMember) => Unsubscribe;
  maxBuffered: number;
  signal?: AbortSignal;
  /** Re-resolves the member's reader; null when they may no longer read the feed. */
  resolveReader?: () => Promise<ActivityReader | null>;
};

export class LiveTail implements LiveGroupMember {
  /** Settles when the tail ends: resolved when stopped, rejected when it failed or access ended. */
  readonly done: Promise<void>;
  private settle: (error?: unknown) => void = () => undefined;
  private isFinished = false;
  /** A database read or an access re-resolution is running; messages wait in `pending`. */
  private isBusy = false;
  private pending: LiveMessage[] = [];
  private leave: Unsubscribe | null = null;
  private needsReplay = false;
  private needsReader = false;

  constructor(private readonly options: LiveTailOptions) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
  }

  /** Delivers what the feed buffered, then takes messages from the group instead. */
  start(): void {
    const { signal, feed } = this.options;
    if (signal?.aborted) return this.finish();
    signal?.addEventListener('abort', this.stop, { once: true });
    // Synchronous from here to feed.close(): no bus message can arrive in between.
    feed.divert(this.onFeedItem);
    if (this.isFinished) return;
    this.leave = this.options.join(this);
    feed.close();
  }

  readonly stop = (): void => this.finish();

  /** An 'access' event named the member: re-resolve before judging further messages. */
  readonly onAccessChange = (): void => {
    if (this.isFinished || !this.options.resolveReader) return;
    this.needsReader = true;
    if (!this.isBusy) this.next();
  };

  /** A message the group hands out: the fan-out's per-member path. */
  deliver(message: LiveMessage): void {
    if (this.isFinished) return;
    if (this.isBusy) return this.hold(message);
    if (this.options.state.acceptLive(message)) this.write(message);
  }

  /** Messages may have been missed (bus reconnect, or too many held): re-read the database. */
  onReconnected(): void {
    if (this.isFinished) return;
    // Everything missed or held is in the database after the cursor: the replay reads it.
    this.pending.length = 0;
    this.needsReplay = true;
    if (!this.isBusy) this.next();
  }

  /** What the subscriber's own feed buffered before the group took over. */
  private readonly onFeedItem = (item: FeedItem): void => {
    if (item.kind === 'reconnected') return this.onReconnected();
    try {
      this.deliverRemembered(liveMessage(item.message));
    } catch (error) {
      this.finish(error);
    }
  };

  /** Delivery that remembers the id: the group did not de-duplicate this message for this tail. */
  private deliverRemembered(message: LiveMessage): void {
    if (this.isFinished) return;
    if (this.isBusy) return this.hold(message);
    if (this.options.state.accept(message.event)) this.write(message);
  }

  private write(message: LiveMessage): void {
    writeFrame(this.options.socket, message.frames.frame(this.options.framePrefix));
  }

  private hold(message: LiveMessage): void {
    if (this.pending.length >= this.options.maxBuffered) return this.onReconnected();
    this.pending.push(message);
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
    // Held messages may overlap what the replay just read: checked against remembered ids.
    for (const message of waiting) this.deliverRemembered(message);
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
        writeFrame(socket, eventFrame(framePrefix, String(event.id), event));
      }
      if (page.isLast) return;
    }
  }

  private finish(error?: unknown): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.pending.length = 0;
    this.leave?.();
    this.leave = null;
    this.options.feed.close();
    this.options.signal?.removeEventListener('abort', this.stop);
    this.settle(error);
  }
}
