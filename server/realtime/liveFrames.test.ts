/**
 * The pre-built frames: one event's frame is built once and shared by subscribers with the same
 * subscription id, the frame for a single subscriber is the same bytes, and the wire frame is a
 * server text message's header and payload. That these are byte for byte what tRPC and ws send is
 * the contract tests' job (trpcFrames.contract.test.ts, wsInternals.contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { eventFrame, liveFrame, SharedFrames } from './liveFrames';

const event = {
  id: 42,
  type: 'invoice.paid',
  actor: null,
  data: { amount: 12.5, note: 'Ünïcode "quoted" \u2028', nested: { list: [1, null, 'x'] } },
  createdAt: '2026-11-28T11:00:00.000Z',
};

/** The prefix trpcFrames.ts records for a subscription id (its format is checked against tRPC there). */
const prefixFor = (id: number) => `{"id":${id},"result":{"type":"data","data":`;

describe('live frames', () => {
  it('shares one Buffer between subscribers with the same subscription id', () => {
    const frames = new SharedFrames(event.id, event);
    expect(frames.frame(prefixFor(1)).payload).toBe(frames.frame(prefixFor(1)).payload);
    expect(frames.frame(prefixFor(2)).payload).not.toBe(frames.frame(prefixFor(1)).payload);
  });

  it("builds a single subscriber's frame with the same bytes as the shared one", () => {
    for (const id of [1, 7]) {
      const shared = new SharedFrames(event.id, event).frame(prefixFor(id));
      const single = eventFrame(prefixFor(id), String(event.id), event);
      expect(single.wire.equals(shared.wire)).toBe(true);
      expect(JSON.parse(single.payload.toString('utf8'))).toMatchObject({ id, result: { type: 'data', id: '42' } });
    }
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
