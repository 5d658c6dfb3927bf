/**
 * The pre-built frames are byte-for-byte what matters to the client: the same JSON as tRPC's
 * WebSocket adapter sends for a `tracked` event (compared through tRPC's own response transform),
 * and a handoff encoded by the adapter is never a frame.
 */
import { initTRPC } from '@trpc/server';
import { transformTRPCResponse } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  claimHandoff,
  HANDOFF_MARKER,
  liveFrameEncoder,
  LiveHandoff,
  liveFrame,
  SharedFrames,
  serializeTracked,
  trackedFrame,
} from './liveFrames';

const config = initTRPC.create({ transformer: superjson })._config;

const event = {
  id: 42,
  type: 'invoice.paid',
  actor: null,
  data: { amount: 12.5, note: 'Ünïcode "quoted" \u2028', nested: { list: [1, null, 'x'] } },
  createdAt: '2026-11-28T11:00:00.000Z',
};

/** What the adapter sends for `yield tracked('42', event)` on subscription `id`. */
function trpcFrame(id: number | string, jsonrpc?: '2.0'): unknown {
  const response = { id, jsonrpc, result: { type: 'data' as const, id: '42', data: { id: '42', data: event } } };
  return JSON.parse(liveFrameEncoder.encode(transformTRPCResponse(config, response)));
}

function handoffFor(id: number | string, jsonrpc?: '2.0'): LiveHandoff {
  const handoff = new LiveHandoff();
  const encoded = liveFrameEncoder.encode(
    transformTRPCResponse(config, { id, jsonrpc, result: { type: 'data', data: handoff } }),
  );
  expect(encoded).toBe(HANDOFF_MARKER);
  return handoff;
}

describe('live frames', () => {
  it('match the frame tRPC sends for a tracked event, whatever the subscription id', () => {
    for (const [id, jsonrpc] of [[1], [7, '2.0'], ['sub-"a"']] as [number | string, '2.0' | undefined][]) {
      const handoff = handoffFor(id, jsonrpc);
      const frame = new SharedFrames(event.id, event).frame(handoff.framePrefix!).payload;
      expect(JSON.parse(frame.toString('utf8'))).toEqual(trpcFrame(id, jsonrpc));
      expect(JSON.parse(trackedFrame(handoff.framePrefix!, '42', serializeTracked('42', event)))).toEqual(
        trpcFrame(id, jsonrpc),
      );
    }
  });

  it('shares one Buffer between subscribers with the same subscription id', () => {
    const frames = new SharedFrames(event.id, event);
    const prefix = handoffFor(1).framePrefix!;
    expect(frames.frame(prefix).payload).toBe(frames.frame(handoffFor(1).framePrefix!).payload);
    expect(frames.frame(handoffFor(2).framePrefix!).payload).not.toBe(frames.frame(prefix).payload);
  });

  it('attaches the socket that claims the marker, and encodes everything else as JSON', () => {
    const handoff = handoffFor(3);
    expect(handoff.isAttached).toBe(false);
    const socket = {} as WebSocket;
    claimHandoff(socket);
    expect(handoff.socket).toBe(socket);
    expect(handoff.isAttached).toBe(true);
    const started = { id: 3, result: { type: 'started' } };
    expect(liveFrameEncoder.encode(started)).toBe(JSON.stringify(started));
  });

  it('builds the wire frame ws writes for a server text message, at every length encoding', () => {
    for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const payload = Buffer.alloc(length, 'a');
      const frame = liveFrame(payload);
      // RFC 6455 §5.2: FIN + text opcode, no mask bit, 7-bit length or 126/127 + 16/64-bit length.
      const header =
        length < 126
          ? Buffer.from([0x81, length])
          : length < 65536
            ? Buffer.from([0x81, 126, length >> 8, length & 0xff])
            : Buffer.from([
                0x81,
                127,
                0,
                0,
                0,
                0,
                (length >>> 24) & 0xff,
                (length >> 16) & 0xff,
                (length >> 8) & 0xff,
                length & 0xff,
              ]);
      const expected = Buffer.concat([header, payload]);
      expect(frame.wire.equals(expected)).toBe(true);
      expect(frame.payload.equals(payload)).toBe(true);
    }
  });
});
