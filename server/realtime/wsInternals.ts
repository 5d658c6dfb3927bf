/**
 * The only module that reaches into `ws` beyond its public API (ws 8: lib/websocket.js,
 * lib/sender.js), for the live fan-out's fast path (docs/decisions/011-live-fanout.md):
 *   - a socket's underlying stream (`_socket`), to cork it and to write pre-built frames;
 *   - the Sender's state (`_sender._state`, `_queue`, `_firstFragment`), `_isServer` and the
 *     negotiated `_extensions`, to know when writing a frame ourselves is what ws would write;
 *   - replacing a socket's `send`, the one call through which tRPC's adapter sends every frame.
 * wsInternals.contract.test.ts fails, naming the installed ws version, when an upgrade changes any
 * of this. This module must never decide what is sent or to whom: it only carries frames.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

type WsSender = { _state?: unknown; _queue?: unknown; _firstFragment?: unknown };
type WsInternals = {
  _socket?: Duplex | null;
  _isServer?: unknown;
  _extensions?: Record<string, unknown>;
  _sender?: WsSender | null;
};

/** ws's Sender state when it is neither compressing nor reading a Blob (lib/sender.js `DEFAULT`). */
const SENDER_IDLE = 0;

const internalsOf = (socket: WebSocket) => socket as unknown as WsInternals;

/** The stream ws writes this socket's frames to (ws exposes no cork of its own); null once detached. */
export function socketStream(socket: WebSocket): Duplex | null {
  return internalsOf(socket)._socket ?? null;
}

/**
 * Writes a complete WebSocket message (header and payload in one Buffer, as ws would frame it for a
 * server: unmasked, uncompressed) to the socket's stream when ws's Sender is idle — nothing queued,
 * not compressing, not within a fragmented message, a server socket, no permessage-deflate — and
 * returns true. The bytes count in `bufferedAmount` (the stream's writable length) as ws's own do.
 * Otherwise returns false: the caller must send through ws, which keeps the Sender's order.
 */
export function writeWireFrameWhenIdle(socket: WebSocket, wire: Buffer): boolean {
  const internals = internalsOf(socket);
  const stream = internals._socket;
  const sender = internals._sender;
  if (
    stream == null ||
    sender == null ||
    internals._isServer !== true ||
    sender._state !== SENDER_IDLE ||
    (sender._queue as unknown[] | undefined)?.length !== 0 ||
    sender._firstFragment !== true ||
    internals._extensions?.['permessage-deflate'] !== undefined
  ) {
    return false;
  }
  stream.write(wire);
  return true;
}

/** ws's own `send`, as the guard calls it. */
export type WsSend = (data: unknown, options?: unknown, cb?: unknown) => void;
/** Decides what happens to one `send` call. Fixed parameters, no rest array: it runs for every frame. */
export type SendGuard = (send: WsSend, data: unknown, options?: unknown, cb?: unknown) => void;

/** Routes every later `socket.send(…)` — including each frame tRPC's adapter sends — through `guard`. */
export function guardSend(socket: WebSocket, guard: SendGuard): void {
  const send = socket.send.bind(socket) as WsSend;
  socket.send = ((data: unknown, options?: unknown, cb?: unknown) =>
    guard(send, data, options, cb)) as WebSocket['send'];
}

/**
 * What differs, on a live server socket, from the private fields this module reads; null when all
 * are as expected. For the contract test: read once per ws version, not on the hot path.
 */
export function wsInternalsMismatch(socket: WebSocket): string | null {
  const internals = internalsOf(socket);
  const problems: string[] = [];
  const stream = internals._socket;
  if (stream == null || typeof stream.write !== 'function' || typeof stream.cork !== 'function') {
    problems.push('_socket is not the underlying stream');
  }
  if (internals._isServer !== true) problems.push('_isServer is not true on a server socket');
  if (internals._extensions === null || typeof internals._extensions !== 'object') {
    problems.push('_extensions is not an object of negotiated extensions');
  }
  const sender = internals._sender;
  if (sender == null) {
    problems.push('_sender is missing');
  } else {
    if (sender._state !== SENDER_IDLE) problems.push(`_sender._state of an idle Sender is ${String(sender._state)}`);
    if (!Array.isArray(sender._queue)) problems.push('_sender._queue is not an array');
    if (sender._firstFragment !== true) problems.push('_sender._firstFragment is not true between messages');
  }
  return problems.length ? problems.join('; ') : null;
}
