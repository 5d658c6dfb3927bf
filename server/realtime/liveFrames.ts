/**
 * The fast path of live delivery: frames written straight to a subscriber's socket, in exactly
 * the wire format tRPC's WebSocket adapter produces for a `tracked` event, so the browser's
 * wsLink (and its `lastEventId` resume) cannot tell the difference.
 *
 * tRPC still sets every subscription up (session, input validation, permission gate, replay).
 * Then the subscription's generator yields a `LiveHandoff`, which the encoder in trpcFrames.ts
 * turns into the subscription's frame prefix and the socket (see there). From then on the
 * generator only waits for the end of the stream, and each event is serialized once per process
 * and written to every local subscriber as one shared Buffer.
 *
 * Every frame still goes through `ws.send`, so the backlog guard (MAX_BUFFERED_BYTES) applies; the
 * guard then writes the pre-built wire frame itself when ws's Sender is idle (writePrebuilt).
 * What this relies on in tRPC and ws is reached only through trpcFrames.ts and wsInternals.ts.
 * This module must never decide who may read what: callers write only what they have accepted.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { serializeTracked, trackedFrame } from './trpcFrames';
import { socketStream, writeWireFrameWhenIdle } from './wsInternals';

/**
 * A data frame twice: its payload (what `ws.send` takes) and the complete WebSocket message on the
 * wire — an unmasked, uncompressed, final text frame (RFC 6455 §5.2), header and payload in one
 * Buffer — written to the socket directly when its Sender has nothing queued (see writePrebuilt).
 */
export type LiveFrame = {
  readonly payload: Buffer;
  readonly wire: Buffer;
  /** The options `ws.send` is called with: they carry the wire frame to the endpoint's send guard. */
  readonly sendOptions: PrebuiltSendOptions;
};

const WIRE = Symbol('liveWireFrame');
type PrebuiltSendOptions = { readonly binary: false; readonly [WIRE]: Buffer };

/** Wraps a payload in the header `ws` writes for a server's text frame (FIN, opcode 1, no mask). */
export function liveFrame(payload: Buffer): LiveFrame {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerLength + length);
  wire[0] = 0x81;
  if (length < 126) {
    wire[1] = length;
  } else if (length < 65536) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    wire.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(wire, headerLength);
  return { payload: wire.subarray(headerLength), wire, sendOptions: { binary: false, [WIRE]: wire } };
}

/** One event's frame for one subscription, built for that subscriber alone (a replayed page). */
export function eventFrame(prefix: string, id: string, data: unknown): LiveFrame {
  return liveFrame(Buffer.from(trackedFrame(prefix, id, serializeTracked(id, data)), 'utf8'));
}

/**
 * One event's frames, built lazily and shared: subscribers whose subscription ids match (most
 * browsers use the same id for the same feed) are sent the same Buffer.
 */
export class SharedFrames {
  private payload: string | null = null;
  private readonly frames = new Map<string, LiveFrame>();
  private readonly id: string;
  /** The last prefix asked for, and its frame: thousands of subscribers ask for the same one in a row. */
  private lastPrefix: string | null = null;
  private lastFrame: LiveFrame | null = null;

  constructor(
    id: number | string,
    private readonly data: unknown,
  ) {
    this.id = String(id);
  }

  frame(prefix: string): LiveFrame {
    if (prefix === this.lastPrefix) return this.lastFrame!;
    let frame = this.frames.get(prefix);
    if (!frame) {
      this.payload ??= serializeTracked(this.id, this.data);
      frame = liveFrame(Buffer.from(trackedFrame(prefix, this.id, this.payload), 'utf8'));
      // Bounded: a handful of distinct subscription ids in practice; never more than kept here.
      if (this.frames.size < 64) this.frames.set(prefix, frame);
    }
    this.lastPrefix = prefix;
    this.lastFrame = frame;
    return frame;
  }
}

/**
 * Sockets written to in the current tick, and those corked. A burst of events published together
 * reaches the bus in one read: a socket's first frame of the tick leaves at once (a single event
 * is not delayed), its second corks it, and the rest of the tick's frames leave with it in one
 * write when the tick's work is done, instead of one write each. Corked bytes count in
 * `bufferedAmount`, so the backlog guard sees them. Each stream carries the number of the tick it
 * was last written in (negative once corked), so the per-frame bookkeeping is one comparison.
 */
const WRITTEN_IN_TICK = Symbol('writtenInTick');
type MarkedStream = Duplex & { [WRITTEN_IN_TICK]?: number };
let tick = 1;
let isTickEndScheduled = false;
const corked: Duplex[] = [];

function endTick(): void {
  isTickEndScheduled = false;
  tick += 1;
  for (const stream of corked) stream.uncork();
  corked.length = 0;
}

/**
 * Called by the endpoint's send guard (server/http/websocket.ts) once it has allowed a frame: when
 * `ws.send` was given a LiveFrame's options, writes its pre-built wire frame directly if ws's
 * Sender is idle (wsInternals.ts) and returns true — the bytes `ws.send` would write, without its
 * per-call options objects, header Buffer and two writes. Otherwise returns false and the caller
 * sends through `ws`, which keeps the Sender's order.
 */
export function writePrebuilt(socket: WebSocket, options: unknown): boolean {
  const wire = (options as Partial<PrebuiltSendOptions> | undefined)?.[WIRE];
  return wire !== undefined && writeWireFrameWhenIdle(socket, wire);
}

/** Writes a text frame through the socket's send (and so through its backlog guard). */
export function writeFrame(socket: WebSocket, frame: LiveFrame): void {
  const stream = socketStream(socket) as MarkedStream | null;
  if (stream && !stream.destroyed) {
    const mark = stream[WRITTEN_IN_TICK];
    if (mark !== tick && mark !== -tick) {
      stream[WRITTEN_IN_TICK] = tick;
      if (!isTickEndScheduled) {
        isTickEndScheduled = true;
        process.nextTick(endTick);
      }
    } else if (mark === tick) {
      stream.cork();
      corked.push(stream);
      stream[WRITTEN_IN_TICK] = -tick;
    }
  }
  socket.send(frame.payload, frame.sendOptions);
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
