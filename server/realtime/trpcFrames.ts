/**
 * The only module that relies on what tRPC's WebSocket adapter does beyond its stable API, for the
 * live fan-out's fast path (docs/decisions/011-live-fanout.md):
 *   - its `experimental_encoder` option, through which every response it sends is encoded;
 *   - that it sends each encoded response with `client.send(encoder.encode(…))`, synchronously,
 *     so the handoff just encoded is the one the socket's send guard sees next;
 *   - the wire format of a `tracked` data message, which the pre-built frames copy byte for byte:
 *       {"id":<subscription id>,["jsonrpc":…,]"result":{"type":"data","data":<superjson of {id, data}>,"id":"<event id>"}}
 * trpcFrames.contract.test.ts runs the real adapter and fails, naming the installed @trpc/server
 * version, when an upgrade changes any of this. This module must never decide who may read what.
 */
import { applyWSSHandler, jsonEncoder, type Encoder, type WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import type { WebSocket } from 'ws';

/** Yielded once by a subscription that can take its live tail off tRPC's per-message loop. */
export class LiveHandoff {
  /** The frame prefix for this subscription, set when tRPC encodes the handoff. */
  framePrefix: string | null = null;
  socket: WebSocket | null = null;

  get isAttached(): boolean {
    return this.framePrefix !== null && this.socket !== null;
  }
}

/** What the encoder returns for a handoff; never sent (claimHandoffMarker takes it). */
const HANDOFF_MARKER = '\u0000atrium-live-handoff';

/** The handoff just encoded: tRPC calls `client.send(encode(…))` synchronously, so one slot suffices. */
let encodedHandoff: LiveHandoff | null = null;

function prefixFor(subscriptionId: unknown, jsonrpc: unknown): string {
  const rpc = jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
  return `{"id":${JSON.stringify(subscriptionId)},${rpc}"result":{"type":"data","data":`;
}

type EncodedResponse = { id?: unknown; jsonrpc?: unknown; result?: { type?: unknown; data?: { json?: unknown } } };

/** tRPC's own JSON encoder, except that a handoff becomes HANDOFF_MARKER. */
const liveFrameEncoder: Encoder = {
  encode(data: unknown): string | Uint8Array<ArrayBuffer> {
    const response = data as EncodedResponse | null;
    const value = response?.result?.type === 'data' ? response.result.data?.json : undefined;
    if (value instanceof LiveHandoff) {
      value.framePrefix = prefixFor(response!.id, response!.jsonrpc);
      encodedHandoff = value;
      return HANDOFF_MARKER;
    }
    return jsonEncoder.encode(data);
  },
  decode(data: string | ArrayBuffer | Uint8Array): unknown {
    if (typeof data !== 'string') throw new Error('Binary frames are not part of this protocol');
    return JSON.parse(data);
  },
};

/**
 * tRPC's WebSocket handler with the live-frame encoder installed. The socket's send guard must
 * pass everything it is given to claimHandoffMarker first.
 */
export function applyLiveWSSHandler<TRouter extends AnyRouter>(
  options: Omit<WSSHandlerOptions<TRouter>, 'experimental_encoder'>,
): ReturnType<typeof applyWSSHandler<TRouter>> {
  return applyWSSHandler<TRouter>({ ...options, experimental_encoder: liveFrameEncoder } as WSSHandlerOptions<TRouter>);
}

/** For the socket's send guard: true when `data` is a handoff (now attached to `socket`), not a frame. */
export function claimHandoffMarker(data: unknown, socket: WebSocket): boolean {
  if (data !== HANDOFF_MARKER) return false;
  const handoff = encodedHandoff;
  encodedHandoff = null;
  if (handoff) handoff.socket = socket;
  return true;
}

/** The payload, encoded as the router's transformer does (server/trpc/init.ts: superjson). */
export function serializeTracked(id: string, data: unknown): string {
  return JSON.stringify(superjson.serialize({ id, data }));
}

/** A complete data message for one subscription, as tRPC sends `tracked(id, data)`. */
export function trackedFrame(prefix: string, id: string, payload: string): string {
  return `${prefix}${payload},"id":${JSON.stringify(id)}}}`;
}
