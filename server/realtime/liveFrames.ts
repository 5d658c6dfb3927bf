/**
 * The fast path of live delivery: frames written straight to a subscriber's socket, in exactly
 * the wire format tRPC's WebSocket adapter produces for a `tracked` event, so the browser's
 * wsLink (and its `lastEventId` resume) cannot tell the difference:
 *
 *   {"id":<subscription id>,"result":{"type":"data","id":"<event id>","data":<superjson of {id, data}>}}
 *
 * tRPC still sets every subscription up (session, input validation, permission gate, replay).
 * Then the subscription's generator yields a `LiveHandoff`: tRPC encodes it like any value, and
 * the encoder here (installed on the adapter by server/http/websocket.ts) recognises it, records
 * the subscription id tRPC answers with, and returns a marker instead of a frame; the socket's
 * send guard claims the marker and attaches the socket. Nothing reaches the client for the
 * handoff. From then on the generator only waits for the end of the stream, and each event is
 * serialized once per process and written to every local subscriber as one shared Buffer.
 *
 * Every frame still goes through `ws.send`, so the backlog guard (MAX_BUFFERED_BYTES) applies.
 * This module must never decide who may read what: callers write only what they have accepted.
 */
import type { Duplex } from 'node:stream';
import superjson from 'superjson';
import type { WebSocket } from 'ws';

/** The payload must be encoded as the router's transformer does (server/trpc/init.ts: superjson). */
export function serializeTracked(id: string, data: unknown): string {
  return JSON.stringify(superjson.serialize({ id, data }));
}

/** Yielded once by a subscription that can take its live tail off tRPC's per-message loop. */
export class LiveHandoff {
  /** The frame prefix for this subscription, set when tRPC encodes the handoff. */
  framePrefix: string | null = null;
  socket: WebSocket | null = null;

  get isAttached(): boolean {
    return this.framePrefix !== null && this.socket !== null;
  }
}

/** What the encoder returns for a handoff; never sent (the socket's send guard claims it). */
export const HANDOFF_MARKER = '\u0000atrium-live-handoff';

/** The handoff just encoded: tRPC calls `client.send(encode(…))` synchronously, so one slot suffices. */
let encodedHandoff: LiveHandoff | null = null;

function prefixFor(subscriptionId: unknown, jsonrpc: unknown): string {
  const rpc = jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
  return `{"id":${JSON.stringify(subscriptionId)},${rpc}"result":{"type":"data","id":`;
}

type EncodedResponse = { id?: unknown; jsonrpc?: unknown; result?: { type?: unknown; data?: { json?: unknown } } };

/** tRPC's default JSON encoder, except that a handoff becomes HANDOFF_MARKER. */
export const liveFrameEncoder = {
  encode(data: unknown): string {
    const response = data as EncodedResponse | null;
    const value = response?.result?.type === 'data' ? response.result.data?.json : undefined;
    if (value instanceof LiveHandoff) {
      value.framePrefix = prefixFor(response!.id, response!.jsonrpc);
      encodedHandoff = value;
      return HANDOFF_MARKER;
    }
    return JSON.stringify(data);
  },
  decode(data: string | ArrayBuffer | Uint8Array): unknown {
    if (typeof data !== 'string') throw new Error('Binary frames are not part of this protocol');
    return JSON.parse(data);
  },
};

/** Called by the socket's send guard with the marker: attaches the socket to the handoff. */
export function claimHandoff(socket: WebSocket): void {
  const handoff = encodedHandoff;
  encodedHandoff = null;
  if (handoff) handoff.socket = socket;
}

/** A complete data frame for one subscription. */
export function trackedFrame(prefix: string, id: string, payload: string): string {
  return `${prefix}${JSON.stringify(id)},"data":${payload}}}`;
}

/**
 * One event's frames, built lazily and shared: subscribers whose subscription ids match (most
 * browsers use the same id for the same feed) are sent the same Buffer.
 */
export class SharedFrames {
  private payload: string | null = null;
  private readonly frames = new Map<string, Buffer>();
  private readonly id: string;

  constructor(
    id: number | string,
    private readonly data: unknown,
  ) {
    this.id = String(id);
  }

  for(prefix: string): Buffer {
    let frame = this.frames.get(prefix);
    if (!frame) {
      this.payload ??= serializeTracked(this.id, this.data);
      frame = Buffer.from(trackedFrame(prefix, this.id, this.payload), 'utf8');
      // Bounded: a handful of distinct subscription ids in practice; never more than kept here.
      if (this.frames.size < 64) this.frames.set(prefix, frame);
    }
    return frame;
  }
}

/**
 * Sockets written to in the current tick, and those corked. A burst of events published together
 * reaches the bus in one read: a socket's first frame of the tick leaves at once (a single event
 * is not delayed), its second corks it, and the rest of the tick's frames leave with it in one
 * write when the tick's work is done, instead of one write each. Corked bytes count in
 * `bufferedAmount`, so the backlog guard sees them.
 */
const written = new Set<Duplex>();
const corked = new Set<Duplex>();
let isFlushScheduled = false;

function endTick(): void {
  isFlushScheduled = false;
  written.clear();
  for (const stream of corked) stream.uncork();
  corked.clear();
}

/** Writes a text frame through the socket's send (and so through its backlog guard). */
export function writeFrame(socket: WebSocket, frame: Buffer): void {
  // `ws` exposes no cork of its own; its underlying stream is the one it writes frames to.
  const stream = (socket as unknown as { _socket?: Duplex })._socket;
  if (stream && !stream.destroyed && !corked.has(stream)) {
    if (!written.has(stream)) {
      written.add(stream);
    } else {
      stream.cork();
      corked.add(stream);
    }
    if (!isFlushScheduled) {
      isFlushScheduled = true;
      process.nextTick(endTick);
    }
  }
  socket.send(frame, { binary: false });
}

const OVER_LIVE_SOCKET = Symbol('overLiveSocket');

/** Marks a context as belonging to a connection of our WebSocket endpoint (survives tRPC's ctx spreads). */
export function markLiveSocketContext<T extends object>(ctx: T): T {
  if (isOverLiveSocket(ctx)) return ctx;
  Object.defineProperty(ctx, OVER_LIVE_SOCKET, { value: true, enumerable: true });
  return ctx;
}

/** Only such a subscription may yield a handoff: elsewhere nobody would take it off the stream. */
export function isOverLiveSocket(ctx: object): boolean {
  return (ctx as Record<symbol, unknown>)[OVER_LIVE_SOCKET] === true;
}
