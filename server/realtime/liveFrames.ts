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
 * Every frame still goes through `ws.send`, so the backlog guard (MAX_BUFFERED_BYTES) applies; the
 * guard then writes the pre-built wire frame itself when ws's Sender is idle (writePrebuilt).
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

/** The parts of `ws` internals the direct write relies on (ws 8: lib/websocket.js, lib/sender.js). */
type WsInternals = {
  _socket?: Duplex | null;
  _isServer?: boolean;
  _extensions?: Record<string, unknown>;
  _sender?: { _state?: number; _queue?: unknown[]; _firstFragment?: boolean } | null;
};

/**
 * Called by the endpoint's send guard (server/http/websocket.ts) once it has allowed a frame:
 * when `ws.send` was given a LiveFrame's options and the socket's Sender is idle — nothing
 * queued, no compression, not within a fragmented message, a server socket (frames unmasked) —
 * writes the pre-built wire frame to the underlying stream and returns true. Those are the bytes
 * `ws.send` would write, without its per-call options objects, header Buffer and two writes, and
 * they count in `bufferedAmount` all the same (the stream's writable length). Otherwise returns
 * false and the caller sends through `ws`, which keeps the Sender's order.
 */
export function writePrebuilt(socket: WebSocket, options: unknown): boolean {
  const wire = (options as Partial<PrebuiltSendOptions> | undefined)?.[WIRE];
  if (wire === undefined) return false;
  const internals = socket as unknown as WsInternals;
  const stream = internals._socket;
  const sender = internals._sender;
  if (
    stream == null ||
    sender == null ||
    internals._isServer !== true ||
    sender._state !== 0 ||
    sender._queue?.length !== 0 ||
    sender._firstFragment !== true ||
    internals._extensions?.['permessage-deflate'] !== undefined
  ) {
    return false;
  }
  stream.write(wire);
  return true;
}

/** Writes a text frame through the socket's send (and so through its backlog guard). */
export function writeFrame(socket: WebSocket, frame: LiveFrame): void {
  // `ws` exposes no cork of its own; its underlying stream is the one it writes frames to.
  const stream = (socket as unknown as WsInternals)._socket as MarkedStream | null | undefined;
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
